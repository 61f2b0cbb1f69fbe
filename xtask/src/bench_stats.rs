//! How far a ratio of medians can be trusted on a shared, noisy machine: a percentile bootstrap
//! interval. Each host's runs are resampled with replacement, the ratio of the two resampled
//! medians taken each time, and the middle 95% of those ratios reported. An interval that
//! spans 1× means the runs do not tell the two hosts apart; one wholly below 1× means wasi-web
//! was faster in this session, beyond its noise.

use crate::bench_report::median;

/// Resamples per interval: enough that the 2.5th and 97.5th percentiles move by well under
/// the two decimals the report prints.
const RESAMPLES: usize = 4000;
/// The resampling's seed: fixed, so the same samples always give the same interval.
const SEED: u128 = 0x5eed;
/// Fewer runs than this give no interval: resampling two or one values says nothing.
const MIN_RUNS: usize = 3;

/// The 95% interval of `median(ours) / median(theirs)`, or None with too few runs.
pub fn ratio_interval(ours: &[f64], theirs: &[f64]) -> Option<(f64, f64)> {
    if ours.len() < MIN_RUNS || theirs.len() < MIN_RUNS {
        return None;
    }
    let mut random = oorandom::Rand64::new(SEED);
    let mut resampled = |xs: &[f64]| -> f64 {
        let runs = xs.len() as u64;
        median(
            (0..runs)
                .map(|_| xs[random.rand_range(0..runs) as usize])
                .collect(),
        )
    };
    let mut ratios: Vec<f64> = (0..RESAMPLES)
        .map(|_| resampled(ours) / resampled(theirs))
        .filter(|r| r.is_finite())
        .collect();
    if ratios.is_empty() {
        return None;
    }
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    Some((at(0.025), at(0.975)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_far_apart_give_an_interval_on_one_side_of_one() {
        let ours = [10.0, 10.4, 9.8, 10.1, 10.2];
        let theirs = [20.0, 21.0, 19.5, 20.4, 20.2];
        let (low, high) = ratio_interval(&ours, &theirs).unwrap();
        assert!(low <= high, "{low} {high}");
        assert!(high < 1.0 && low > 0.4, "{low} {high}");
        let (low, high) = ratio_interval(&theirs, &ours).unwrap();
        assert!(low > 1.0 && high < 2.5, "{low} {high}");
    }

    #[test]
    fn hosts_that_overlap_give_an_interval_across_one() {
        let ours = [52.4, 69.0, 59.3, 55.1, 61.8];
        let theirs = [50.3, 63.3, 56.6, 58.0, 54.9];
        let (low, high) = ratio_interval(&ours, &theirs).unwrap();
        assert!(low < 1.0 && high > 1.0, "{low} {high}");
    }

    #[test]
    fn the_interval_holds_the_ratio_of_medians_and_is_the_same_each_time() {
        let ours = [3.0, 5.0, 4.0, 6.0, 4.5, 5.5, 3.5];
        let theirs = [4.0, 4.4, 4.2, 5.0, 3.9];
        let ratio = median(ours.to_vec()) / median(theirs.to_vec());
        let interval = ratio_interval(&ours, &theirs).unwrap();
        assert!(
            interval.0 <= ratio && ratio <= interval.1,
            "{ratio} {interval:?}"
        );
        assert_eq!(ratio_interval(&ours, &theirs), Some(interval));
    }

    #[test]
    fn too_few_runs_give_no_interval() {
        assert_eq!(ratio_interval(&[1.0, 2.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(ratio_interval(&[1.0, 2.0, 3.0], &[4.0]), None);
    }
}
