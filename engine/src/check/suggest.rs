//! "Did you mean …?" for misspelt names.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    fn short(s: &str) -> &str {
        s.rsplit('.').next().unwrap_or(s)
    }
    candidates
        .into_iter()
        .map(|c| {
            let full = strsim::levenshtein(name, c);
            let local = strsim::levenshtein(short(name), short(c));
            (full.min(local), c)
        })
        .filter(|&(distance, c)| {
            distance <= 2.max(name.len().min(c.len()) / 5) && distance < name.len()
        })
        .min_by_key(|&(distance, c)| (distance, c.len()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["vuokra", "asumistuki.perusomavastuu", "tulot"];
        assert_eq!(closest("vuokraa", names), Some("vuokra"));
        assert_eq!(
            closest("perusomavastu", names),
            Some("asumistuki.perusomavastuu")
        );
        assert_eq!(closest("xyz", names), None);
    }
}
