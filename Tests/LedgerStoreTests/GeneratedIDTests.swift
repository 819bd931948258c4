import Foundation
import Testing

@testable import LedgerStore

/// The ids the ledger assigns when an event comes without one.
struct GeneratedIDTests {
    @Test func isAVersion7UUIDThatSortsByTime() throws {
        let early = timeOrderedUUID(at: Date(timeIntervalSince1970: 1_764_000_000.001))
        let late = timeOrderedUUID(at: Date(timeIntervalSince1970: 1_764_000_000.002))
        for id in [early, late] {
            #expect(id.count == 36)
            let parsed = try #require(UUID(uuidString: id))
            #expect(parsed.uuidString.lowercased() == id)
            #expect(Array(id)[14] == "7", "version nibble")
            #expect("89ab".contains(Array(id)[19]), "RFC 9562 variant")
        }
        #expect(early < late)
        // The first 48 bits are the Unix milliseconds.
        #expect(early.hasPrefix(String(1_764_000_000_001, radix: 16, uppercase: false).leftPadded(to: 12).prefix(8) + "-"))
    }

    @Test func idsInTheSameMillisecondDiffer() {
        let now = Date()
        let ids = Set((0..<1000).map { _ in timeOrderedUUID(at: now) })
        #expect(ids.count == 1000)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
