//! Chart maths in pure Rust: linear scales with "nice" ticks, and counts grouped for bar charts.

/// Maps a domain `[0, max]` onto a range of pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    pub domain_max: f64,
    pub range: f64,
}

impl LinearScale {
    /// A scale whose domain ends at a nice number at or above `max` (at least 1).
    pub fn new(max: f64, range: f64) -> LinearScale {
        LinearScale { domain_max: nice_ceiling(max.max(1.0)), range }
    }

    /// The pixel position of a value, clamped to the range.
    pub fn map(&self, v: f64) -> f64 {
        (v.max(0.0) / self.domain_max * self.range).min(self.range)
    }

    /// Tick values from 0 to the domain's end, at a nice step (about five ticks).
    pub fn ticks(&self) -> Vec<f64> {
        let step = nice_step(self.domain_max / 5.0);
        let mut ticks = vec![];
        let mut t = 0.0;
        while t <= self.domain_max + step * 1e-9 {
            ticks.push((t / step).round() * step);
            t += step;
        }
        ticks
    }
}

/// 1, 2 or 5 times a power of ten, at or above `x`.
pub fn nice_step(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    let f = x / power;
    let nice = if f <= 1.0 { 1.0 } else if f <= 2.0 { 2.0 } else if f <= 5.0 { 5.0 } else { 10.0 };
    (nice * power).max(1.0)
}

/// The smallest multiple of a nice step at or above `max`.
pub fn nice_ceiling(max: f64) -> f64 {
    let step = nice_step(max / 5.0);
    (max / step).ceil() * step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(0.3), 1.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(14.0), 20.0);
        assert_eq!(nice_step(180.0), 200.0);
    }

    #[test]
    fn the_scale_ends_on_a_nice_number_and_maps_proportionally() {
        let s = LinearScale::new(23.0, 200.0);
        assert_eq!(s.domain_max, 25.0);
        assert_eq!(s.map(25.0), 200.0);
        assert_eq!(s.map(12.5), 100.0);
        assert_eq!(s.map(-3.0), 0.0);
        assert_eq!(s.map(99.0), 200.0);
        assert_eq!(s.ticks(), [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
    }

    #[test]
    fn an_empty_chart_still_has_a_domain() {
        assert_eq!(LinearScale::new(0.0, 100.0).domain_max, 1.0);
    }
}
