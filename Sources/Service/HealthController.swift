import Hummingbird

/// `/healthz` (the process answers) and `/readyz` (the ledger opens and every projection has applied the log up to
/// its head), for a load balancer or an orchestrator. Appends bring projections up to their seq in the same
/// transaction and `Ledger.openForReading` refuses (or, on a writable file, first upgrades) a ledger whose
/// projections lag, so a lag seen here means a ledger changed under the service by something else; the service then
/// answers 503 until it is caught up (`planledger rebuild`), rather than serve stale read models.
struct HealthController {
    let ledger: LedgerHandle

    func addRoutes(to router: Router<ServiceContext>) {
        router.get("healthz") { _, _ -> Response in Self.text(.ok, "ok") }
        router.get("readyz") { _, _ -> Response in
            let lag: (head: Int, lagging: [(name: String, applied: Int?)])
            do {
                lag = try ledger.queries().ledger.projectionLag()
            } catch {
                throw Problem.unavailable(error)
            }
            guard lag.lagging.isEmpty else {
                let behind = lag.lagging.map { "\($0.name) at seq \($0.applied.map(String.init) ?? "none")" }.joined(separator: ", ")
                throw Problem(.serviceUnavailable, "projections-behind", title: "Projections behind the log",
                              detail: "the log's head is seq \(lag.head) but \(behind); run planledger rebuild")
            }
            return Self.text(.ok, "ready: head seq \(lag.head)")
        }
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
