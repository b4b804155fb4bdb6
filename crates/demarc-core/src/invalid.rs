//! A value a person gave that the domain refuses, with the field it is about, so that each front
//! end can show the message where the value was typed.

/// A refused value: `field` names it as the records do (`period_end`, `client`), `message` says
/// what is wrong in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Invalid {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for Invalid {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_field_then_message() {
        let e = Invalid::new("client", "the client's name is empty");
        assert_eq!(e.field, "client");
        assert_eq!(e.to_string(), "client: the client's name is empty");
    }
}
