import LedgerCore

/// The XML writer and the policy for data it cannot carry: every value that comes from the ledger goes
/// through `element`/`clean`, which replace forbidden characters and say where.
struct ArchiveXML {
    var xml: XMLWriter
    var warn: (String) -> Void

    /// `value` with characters XML 1.0 forbids replaced by U+FFFD, reporting the event and field.
    func clean(_ value: String, seq: Int?, field: String) -> String {
        let (text, replaced) = XMLWriter.replacingForbidden(value)
        if !replaced.isEmpty {
            let codes = replaced.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }.joined(separator: ", ")
            warn("\(seq.map { "seq \($0): " } ?? "")\(field): \(codes) cannot be written in XML 1.0; written as U+FFFD")
        }
        return text
    }

    /// `<name>value</name>`, the value cleaned; nothing when it is nil.
    mutating func element(_ name: String, _ value: String?, seq: Int?, field: String) throws {
        guard let value else { return }
        try xml.element(name, text: clean(value, seq: seq, field: field))
    }

    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ value: String?, seq: Int?, field: String) throws {
        guard let value else { return }
        try xml.element(name, attributes, text: clean(value, seq: seq, field: field))
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
