import Foundation
import Logging

extension Workspace {
    /// What every import opens: the database bound to this workspace's key file, the form
    /// profiles, the key, the organisation and the roster (the CLI's imports and the portal's
    /// upload page open them the same way).
    public struct ImportTools: Sendable {
        public let store: MeyasuStore
        public let profiles: [FormProfile]
        public let keyer: ResponseKeyer
        public let organization: Organization
        public let roster: Roster?
        /// A dry run records nothing, not even a trained routing model.
        public let dryRun: Bool
    }

    /// Opens what an import needs and checks that the database belongs to this key file (a dry
    /// run checks but records nothing).
    /// - Parameters:
    ///   - store: an already open store (the portal's); nil opens the workspace's.
    ///   - roster: a roster file overriding `privacy.roster`.
    /// - Throws: `ConfigError` or `StoreError` naming what cannot be used.
    public func importTools(store: MeyasuStore? = nil, roster: String? = nil, dryRun: Bool) throws -> ImportTools {
        let tools = ImportTools(store: try store ?? openStore(), profiles: try loadProfiles(), keyer: try loadKey(),
                                organization: try loadOrganization(), roster: try loadRoster(override: roster),
                                dryRun: dryRun)
        try tools.store.checkKey(tools.keyer, keyFileName: keyURL.lastPathComponent, bind: !dryRun)
        return tools
    }

    /// The proposal importer of this workspace, routing on arrival with the stored examples. The
    /// router (the kept model, or one trained and kept now) is made while the first file's
    /// reading gets under way.
    public func proposalImporter(_ tools: ImportTools, logger: Logger = Logger(label: "meyasu.import")) throws -> ProposalImporter {
        let (store, organization, keep) = (tools.store, tools.organization, !tools.dryRun)
        let router = PendingRouter { [self] in try makeRouter(store: store, organization: organization, keep: keep) }
        return ProposalImporter(store: tools.store, profiles: tools.profiles, keyer: tools.keyer,
                                triage: tools.organization.triage, settings: config.proposals,
                                roster: tools.roster, pendingRouter: router, logger: logger)
    }

    /// The survey importer of this workspace.
    public func surveyImporter(_ tools: ImportTools, logger: Logger = Logger(label: "meyasu.import")) -> SurveyImporter {
        SurveyImporter(store: tools.store, profiles: tools.profiles, keyer: tools.keyer,
                       organization: tools.organization, roster: tools.roster, logger: logger)
    }
}
