// Guest memory as the host (src/web/memory.rs) reads and writes it. Views of the guest's memory
// and of the host's own are kept in the object and renewed when growth detaches them (a
// detached view has length 0), so the host never holds a stale one. Copies go by raw pointer
// into the host's memory: no typed array is allocated per call.

/** `host`: the host's own `WebAssembly.Memory`; `gather`: the codes `guest_gather` answers
 * with (memory.rs owns them). The guest's memory is set by start() once the instance exists. */
export function guest_memory(host, gatherFault, gatherTooLong, gatherNeeds) {
  return {
    memory: null,
    bytes: new Uint8Array(0),
    data: null,
    host,
    hostBytes: new Uint8Array(0),
    gatherFault,
    gatherTooLong,
    gatherNeeds,
    shared: false,
  };
}

function hostView(mem) {
  if (mem.hostBytes.byteLength === 0) mem.hostBytes = new Uint8Array(mem.host.buffer);
  return mem.hostBytes;
}

// `memory` is null until the instance exists: the size is 0 then, so every access is EFAULT.
// A shared memory's buffer is never detached by growth, so its length is checked instead.
function guestBytes(mem) {
  if (mem.shared && mem.memory.buffer.byteLength !== mem.bytes.byteLength) mem.bytes = new Uint8Array(0);
  if (mem.bytes.byteLength === 0 && mem.memory) {
    mem.bytes = new Uint8Array(mem.memory.buffer);
    mem.data = new DataView(mem.memory.buffer);
  }
  return mem.bytes;
}

export function guest_size(mem) {
  return guestBytes(mem).length;
}

export function guest_read_u32(mem, ptr) {
  guestBytes(mem);
  return mem.data.getUint32(ptr, true);
}

export function guest_write_u32(mem, ptr, value) {
  guestBytes(mem);
  mem.data.setUint32(ptr, value, true);
}

export function guest_write_u64(mem, ptr, low, high) {
  guestBytes(mem);
  mem.data.setUint32(ptr, low, true);
  mem.data.setUint32(ptr + 4, high, true);
}

const SMALL_COPY = 64;

/** `len` bytes from `from[src..]` to `to[dest..]`; small copies, the common case for stdio,
 * are a plain loop rather than a subarray allocated per call. */
function copyBytes(from, src, to, dest, len) {
  if (len <= SMALL_COPY) {
    for (let i = 0; i < len; i++) to[dest + i] = from[src + i];
  } else {
    to.set(from.subarray(src, src + len), dest);
  }
}

export function copy_from_guest(mem, src, dest, len) {
  copyBytes(guestBytes(mem), src, hostView(mem), dest, len);
}

export function copy_to_guest(mem, dest, src, len) {
  copyBytes(hostView(mem), src, guestBytes(mem), dest, len);
}

// fd_write's whole read side in one call: the iovec list, its checks (EFAULT before EINVAL,
// as the core's default does), and the copy into the host's buffer at `dest`. Answers the
// count copied, or a fault, a total over u32, or "needs N bytes of room" (needs - N).
export function guest_gather(mem, iovs, count, dest, room) {
  const guest = guestBytes(mem);
  const size = guest.length;
  if (iovs + count * 8 > size) return mem.gatherFault;
  const data = mem.data;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const ptr = data.getUint32(iovs + i * 8, true);
    const len = data.getUint32(iovs + i * 8 + 4, true);
    if (ptr + len > size) return mem.gatherFault;
    total += len;
  }
  if (total > 0xffffffff) return mem.gatherTooLong;
  if (total > room) return mem.gatherNeeds - total;
  const host = hostView(mem);
  let at = dest;
  for (let i = 0; i < count; i++) {
    const len = data.getUint32(iovs + i * 8 + 4, true);
    copyBytes(guest, data.getUint32(iovs + i * 8, true), host, at, len);
    at += len;
  }
  return total;
}
