import Foundation
import Hummingbird
import Logging
import Meyasu

/// The web portal: builds the router (pages under `/`, the JSON API under `/api`) and the
/// Hummingbird application that serves it. See docs/portal.md; the API is described by
/// `schemas/portal-api.openapi.yaml`.
public enum Portal {
    /// Every route, behind the middlewares: security headers, access log, session, errors, CSRF.
    public static func router(_ services: PortalServices) -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        router.add(middleware: EventLoopMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: AccessLogMiddleware(logger: services.logger))
        router.add(middleware: SessionMiddleware(services: services))
        router.add(middleware: ErrorMiddleware(pages: services.pages, logger: services.logger))
        router.add(middleware: CSRFMiddleware(uploadLimit: services.settings.uploadLimitMB * 1024 * 1024))
        LoginRoutes(services: services).register(on: router)
        ProposalRoutes(services: services).register(on: router)
        BoardRoutes(services: services).register(on: router)
        SurveyRoutes(services: services).register(on: router)
        AdminRoutes(services: services).register(on: router)
        return router
    }

    /// The application listening on `host`:`port`.
    public static func application(_ services: PortalServices, host: String, port: Int,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(
            router: router(services),
            configuration: .init(address: .hostname(host, port: port), serverName: "meyasu"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: services.logger
        )
    }
}
