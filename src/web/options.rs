//! Reading the JS options object of `run()`: args, env, stdin, preopened directories.

use crate::vfs::{NodeRef, Vfs};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

pub fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

pub fn string_list(value: Option<JsValue>, what: &str) -> Result<Vec<String>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if !Array::is_array(&value) {
        return Err(format!("`{what}` must be an array of strings"));
    }
    Array::from(&value)
        .iter()
        .map(|v| {
            v.as_string()
                .ok_or_else(|| format!("`{what}` must contain only strings"))
        })
        .collect()
}

/// `env` as an object `{KEY: "value"}` or an array of `"KEY=value"` strings.
pub fn env(value: Option<JsValue>) -> Result<Vec<(String, String)>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if Array::is_array(&value) {
        return string_list(Some(value), "env")?
            .into_iter()
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => Ok((k.to_string(), v.to_string())),
                None => Err(format!("env entry `{kv}` is not KEY=VALUE")),
            })
            .collect();
    }
    let obj: Object = value
        .dyn_into()
        .map_err(|_| "`env` must be an object or array".to_string())?;
    Object::entries(&obj)
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            let key = pair.get(0).as_string().unwrap_or_default();
            let val = pair
                .get(1)
                .as_string()
                .ok_or_else(|| format!("env value of `{key}` must be a string"))?;
            Ok((key, val))
        })
        .collect()
}

/// Bytes from a string (UTF-8), `Uint8Array`, `ArrayBuffer` or any typed-array view;
/// `Ok(None)` for a `Blob`, which must be read asynchronously.
pub fn bytes(value: &JsValue) -> Result<Option<Vec<u8>>, String> {
    if let Some(s) = value.as_string() {
        return Ok(Some(s.into_bytes()));
    }
    if let Some(a) = value.dyn_ref::<Uint8Array>() {
        return Ok(Some(a.to_vec()));
    }
    if let Some(b) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Some(Uint8Array::new(b).to_vec()));
    }
    if ArrayBuffer::is_view(value) {
        let view: &js_sys::DataView = value.unchecked_ref();
        let buf = Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            view.byte_offset() as u32,
            view.byte_length() as u32,
        );
        return Ok(Some(buf.to_vec()));
    }
    if value.is_instance_of::<web_sys::Blob>() {
        return Ok(None);
    }
    Err("expected a string, Uint8Array, ArrayBuffer, Blob or File".into())
}

/// Reads a value that may be a `Blob`/`File` (through gloo-file) or any of [`bytes`]' kinds.
pub async fn bytes_async(value: &JsValue) -> Result<Vec<u8>, String> {
    match bytes(value)? {
        Some(b) => Ok(b),
        None => {
            let blob = gloo_file::Blob::from(value.clone().unchecked_into::<web_sys::Blob>());
            gloo_file::futures::read_as_bytes(&blob)
                .await
                .map_err(|e| format!("could not read file: {e}"))
        }
    }
}

/// Fills `dir` from a JS tree: strings and byte arrays are files, `Blob`s/`File`s are read,
/// plain objects are subdirectories.
pub async fn fill_dir(
    vfs: &mut Vfs,
    dir: &NodeRef,
    tree: &JsValue,
    now: u64,
) -> Result<(), String> {
    let mut work = vec![(dir.clone(), tree.clone(), String::new())];
    while let Some((node, value, prefix)) = work.pop() {
        let obj: Object = value
            .dyn_into()
            .map_err(|_| format!("`{prefix}` must be an object"))?;
        for pair in Object::entries(&obj).iter() {
            let pair = Array::from(&pair);
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1);
            let path = format!("{prefix}/{name}");
            let is_plain_object = value.is_object()
                && !value.is_instance_of::<web_sys::Blob>()
                && !value.is_instance_of::<Uint8Array>()
                && !value.is_instance_of::<ArrayBuffer>()
                && !ArrayBuffer::is_view(&value);
            if is_plain_object {
                let sub = vfs
                    .mkdir_all(&node, &name, now)
                    .map_err(|e| format!("{path}: {e:?}"))?;
                work.push((sub, value, path));
            } else {
                let data = bytes_async(&value)
                    .await
                    .map_err(|e| format!("{path}: {e}"))?;
                vfs.write_file(&node, &name, data, now)
                    .map_err(|e| format!("{path}: {e:?}"))?;
            }
        }
    }
    Ok(())
}
