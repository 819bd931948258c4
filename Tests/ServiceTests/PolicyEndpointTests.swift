import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// `GET /api/v1/policies` on the demo ledger, per role: the rutin's policy (seed 001 §3.4) with its two versions.
@Suite struct PolicyEndpointTests {
    @Test(arguments: [Role.public, .staff, .registrar, .auditor])
    func everyReaderSeesThePolicyWithItsHistory(role: Role) async throws {
        let want = try cli(["policies", "--as-of", day])
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/policies?asOf=\(day)", method: .get, headers: authorization(role)) { response in
                #expect(response.status == .ok, "\(role)")
                let body = text(response)
                #expect(body == want)
                guard case .array(let policies) = try JSONParser.parse(body), case .object(let policy) = policies.first else {
                    Issue.record("not an array of objects: \(body)")
                    return
                }
                #expect(policies.count == 1)
                #expect(policy["policy"] == .string("perspektivanalys-handlingsplan"))
                #expect(policy["effective"] == .string("2015-08-14") && policy["dnr"] == .string("RS/1321/2015"))
                #expect(policy["perspectives"] == .array(["gender-equality", "child-rights", "environment", "economy", "regional-development"]))
                #expect(policy["kinds"] == .array(["övergripande handlingsplan"]))
                guard case .array(let history) = policy["history"] else { Issue.record("no history"); return }
                #expect(history.count == 2)
            }
        }
    }

    @Test func beforeThePolicyThereIsNone() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/policies?asOf=2014-08-06", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
            }
            // The first version alone on the day it took effect: gender equality only.
            try await client.execute(uri: "/api/v1/policies?asOf=2014-08-07", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains(#""perspectives": [\#n      "gender-equality"\#n    ]"#))
            }
        }
    }

    @Test func theParametersAreChecked() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/policies?kind=rutin", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/policies?asOf=2023-02-30", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            // Known-at is for auditors: the public is refused.
            try await client.execute(uri: "/api/v1/policies?knownAt=5", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/policies?knownAt=5", method: .get, headers: authorization(.auditor)) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
