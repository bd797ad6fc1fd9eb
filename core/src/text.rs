//! One string type for what the simulator repeats in many records: an instance's id and zone,
//! what it was launched from, the group's name, an activity's words, a deployment's revision.
//!
//! A [`Text`] is an immutable string behind a reference count: handing it to an output, an
//! activity or a deployment copies a pointer, not the bytes (each state change of an instance
//! goes out with seven of its strings, each activity twice: in its output and in the history).
//! It reads, prints, compares and serializes as the string it holds, so a caller that treated
//! these fields as `String`s sees the same values, JSON and `Debug`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable, shared string (see the module's documentation).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Rc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Rc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Rc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text(Rc::from(s.as_str()))
    }
}

impl From<Rc<str>> for Text {
    fn from(s: Rc<str>) -> Text {
        Text(s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prints_and_serializes_as_its_string() {
        let t = Text::from("i-0abc");
        let s = String::from("i-0abc");
        assert_eq!(t, s);
        assert_eq!(s, t);
        assert_eq!(t, "i-0abc");
        assert_eq!(format!("{t} {t:?}"), format!("{s} {s:?}"));
        assert_eq!(
            serde_json::to_string(&t).ok(),
            serde_json::to_string(&s).ok()
        );
        let back: Option<Text> = serde_json::from_str("\"i-0abc\"").ok();
        assert_eq!(back, Some(t.clone()));
        let copy = t.clone();
        assert!(
            std::ptr::eq(copy.as_str(), t.as_str()),
            "a clone shares the bytes"
        );
    }
}
