//! Group entities' instances: the members with equal keys (e.g. the same
//! family number) form one group, numbered in the order their first member
//! is listed. Built once per household, in linear time for the small
//! households the engine allows.

use crate::value::Value;

/// The groups of one group entity in one household.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    /// Per member of the grouped entity: the index of its group.
    pub of: Vec<u32>,
    /// Per group: the members in it, in household order.
    pub members: Vec<Vec<u32>>,
}

impl Membership {
    /// Groups members by their keys, in the order the keys first appear.
    pub fn from_keys(keys: impl IntoIterator<Item = Value>) -> Membership {
        let mut membership = Membership::default();
        let keys: Vec<Value> = keys.into_iter().collect();
        membership.assign(&keys);
        membership
    }

    /// Regroups by `keys` (one per member), reusing this membership's
    /// buffers: a batch of households allocates only while they grow.
    pub fn assign(&mut self, keys: &[Value]) {
        self.of.clear();
        let mut groups = 0;
        for (m, key) in keys.iter().enumerate() {
            // The group of the first earlier member with the same key.
            let group = match keys[..m].iter().position(|k| k == key) {
                Some(first) => self.of[first] as usize,
                None => {
                    if self.members.len() == groups {
                        self.members.push(Vec::new());
                    }
                    self.members[groups].clear();
                    groups += 1;
                    groups - 1
                }
            };
            self.of.push(group as u32);
            self.members[group].push(m as u32);
        }
        self.members.truncate(groups);
    }

    /// How many groups there are.
    pub fn count(&self) -> u32 {
        self.members.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_the_first_appearance_of_each_key() {
        let keys = [1, 101, 1, 1, 102].map(|k| Value::Num(k.into()));
        let m = Membership::from_keys(keys);
        assert_eq!(m.of, vec![0, 1, 0, 0, 2]);
        assert_eq!(m.members, vec![vec![0, 2, 3], vec![1], vec![4]]);
        assert_eq!(m.count(), 3);
    }
}
