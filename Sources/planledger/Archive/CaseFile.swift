import LedgerCore

/// An ärende: the diary entries registered under one `case`, or an entry of its own when it names none.
struct CaseFile {
    /// The case reference, else the entry's dnr.
    var key: String
    /// By date then dnr, as the diary lists them.
    var entries: [DiaryEntry]

    /// The entry the case is named after: the one whose dnr is the case's, else the first.
    var leading: DiaryEntry { entries.first { $0.dnr == key } ?? entries[0] }

    /// Every dnr the case is known by: its key and its entries'.
    var dnrs: [String] { [key] + entries.map(\.dnr).filter { $0 != key } }

    /// Every entry archived: the case is closed and has gone to the archive.
    var isClosed: Bool { entries.allSatisfy { $0.archived != nil } }

    /// Groups `entries` (in diary order) into cases, in the order each case's first entry appears.
    static func group(_ entries: [DiaryEntry]) -> [CaseFile] {
        var cases: [CaseFile] = []
        var index: [String: Int] = [:]
        for entry in entries {
            let key = entry.case ?? entry.dnr
            if let i = index[key] {
                cases[i].entries.append(entry)
            } else {
                index[key] = cases.count
                cases.append(CaseFile(key: key, entries: [entry]))
            }
        }
        return cases
    }
}
