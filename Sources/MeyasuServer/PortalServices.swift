import Foundation
import Logging
import Meyasu

/// What the portal's routes work with, opened once at start: the workspace and its settings,
/// the store, the organisation, the workflow (with its rules), the accounts and the sessions.
public struct PortalServices: Sendable {
    public let workspace: Workspace
    public let store: MeyasuStore
    public let organization: Organization
    /// indicators.yaml and the form profiles, read once at start like organization.yaml (the
    /// survey pages need both on every request).
    let indicators: IndicatorSet
    let profiles: [FormProfile]
    public let workflow: ProposalWorkflow
    public let accounts: AccountService
    public let sessions: SessionStore
    public let settings: WorkspaceConfig.Portal
    let pages: PageRenderer
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Opens everything the portal needs from `workspace`.
    /// - Parameters:
    ///   - bcryptCost: the work factor of new password hashes (tests lower it).
    /// - Throws: `ConfigError` or `StoreError` when the workspace cannot be used.
    public init(workspace: Workspace, bcryptCost: UInt8 = AccountService.defaultCost,
                clock: @escaping @Sendable () -> Date = Date.init,
                logger: Logger = Logger(label: "meyasu.portal")) throws {
        let store = try workspace.openStore()
        let organization = try workspace.loadOrganization()
        try self.init(workspace: workspace, store: store, organization: organization,
                      roster: try workspace.loadRoster(), bcryptCost: bcryptCost, clock: clock, logger: logger)
    }

    init(workspace: Workspace, store: MeyasuStore, organization: Organization, roster: Roster?,
         bcryptCost: UInt8, clock: @escaping @Sendable () -> Date, logger: Logger) throws {
        self.workspace = workspace
        self.store = store
        self.organization = organization
        self.indicators = try workspace.loadIndicators()
        self.profiles = try workspace.loadProfiles()
        self.settings = workspace.config.portal
        self.workflow = ProposalWorkflow(store: store, rules: workspace.config.proposals.statusRules,
                                         organization: organization, roster: roster, clock: clock)
        self.accounts = AccountService(store: store, organization: organization, settings: settings,
                                       cost: bcryptCost, clock: clock)
        self.sessions = SessionStore(lifetime: settings.sessionHours * 3600)
        self.pages = try PageRenderer(organization: organization)
        self.clock = clock
        self.logger = logger
    }
}
