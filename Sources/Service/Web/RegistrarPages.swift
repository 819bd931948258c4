import Hummingbird

extension WebController {
    /// The routes of the registrar's forms.
    func addRegistrarPages(to web: RouterGroup<ServiceContext>) {}
}
