import Hummingbird

extension WebController {
    /// The routes of granskning, for auditors.
    func addAuditPages(to web: RouterGroup<ServiceContext>) {}
}
