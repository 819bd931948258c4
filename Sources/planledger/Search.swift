import ArgumentParser
import Catalogue
import LedgerCore
import Projections

extension Planledger {
    /// `planledger search QUERY` (SPEC "The planning year", **Search**): see `LedgerQueries.search` for what is found
    /// and in which order, `SearchQuery` for the rules of a query.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Find words and parts of words in plans, change lists, decisions, assignments, activities and the diary.",
            discussion: """
                Every word must occur (AND); a word finds parts of words too ("tandvård" finds "Folktandvården"), case \
                ignored, å ä ö being letters of their own. Quotes, *, parentheses, AND, OR, NOT and NEAR are searched for \
                as text. Words shorter than 3 characters are left out; a query of only punctuation or short words, or \
                longer than 200 characters, is refused (exit 64). Hits come newest first, by the date in force, then the \
                most recently recorded; in JSON each match in the snippet stands between « and ».
                """)

        @Argument(help: ArgumentHelp("The words to find (quote several words for the shell, or give them as separate arguments).", valueName: "query"))
        var query: [String]
        @Flag(name: .long, help: "Public mode: a classified diary entry is never found, a private individual's counterpart never searched or shown.")
        var `public` = false
        @Option(name: .long, help: ArgumentHelp("The most hits to show, 1–100 (default 20).", valueName: "n"))
        var limit: Int = SearchPaging.defaultLimit
        @Option(name: .long, help: ArgumentHelp("Skip this many hits first, 0–1000 (the next page: --offset 20).", valueName: "n"))
        var offset: Int = 0
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try time.validate()
            if case .failure(let refusal) = SearchQuery.parse(query.joined(separator: " ")) {
                throw ValidationError("QUERY: \(refusal)")
            }
            guard (1...SearchPaging.maxLimit).contains(limit) else {
                throw ValidationError("--limit: expected 1 to \(SearchPaging.maxLimit), got \(limit)")
            }
            guard (0...SearchPaging.maxOffset).contains(offset) else {
                throw ValidationError("--offset: expected 0 to \(SearchPaging.maxOffset), got \(offset)")
            }
        }

        func run() throws {
            try reportingFailures {
                guard case .success(let parsed) = SearchQuery.parse(query.joined(separator: " ")) else { throw ExitCode(64) }
                let hits = try LedgerQueries(try ledger.openForReading())
                    .search(parsed, asOf: time.date, knownAt: time.known, publicMode: `public`, limit: limit, offset: offset)
                printList(hits, format: output.resolved, json: \.json, tableColumns: reading.texts([.kind, .date, .key, .title, .snippet]),
                          tableRow: { [$0.kind.word(reading), $0.date.description, $0.key, $0.title, $0.snippet.marked] },
                          csvColumns: ["kind", "key", "seq", "date", "title", "snippet", "plan", "version"], flexible: [4],
                          empty: Phrase.noSearchHits.text(reading))
            }
        }
    }
}
