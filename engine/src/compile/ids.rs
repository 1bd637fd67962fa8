//! Numeric ids that replace names once a rule set is checked.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into its table.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A variable.
    VarId
);
id!(
    /// A parameter.
    ParamId
);
id!(
    /// An enumeration.
    EnumId
);
id!(
    /// A base unit.
    UnitId
);
id!(
    /// A kind of entity.
    EntityId
);
id!(
    /// A node of the compiled expression graph.
    NodeId
);
id!(
    /// A result (benefit) the rule set reports.
    ResultId
);
