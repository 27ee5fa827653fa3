import Foundation

/// A folder holding `meyasu.yaml` and what it points to: the forms, the organisation, the
/// database and the key file.
public struct Workspace: Sendable {
    /// The folder of `meyasu.yaml`; relative paths in it start here.
    public let root: URL
    public let configURL: URL
    public let config: WorkspaceConfig

    /// The name of the configuration file `meyasu init` writes and every command looks for.
    public static let configFileName = "meyasu.yaml"

    /// Finds the configuration: `explicit` (`--config`), else `MEYASU_CONFIG`, else
    /// `meyasu.yaml` in `directory`.
    public static func locate(explicit: String?, environment: [String: String], directory: URL) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit, relativeTo: directory).standardizedFileURL }
        if let fromEnvironment = environment["MEYASU_CONFIG"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment, relativeTo: directory).standardizedFileURL
        }
        return directory.appendingPathComponent(configFileName)
    }

    /// Opens the workspace whose configuration is `configURL`.
    /// - Throws: `ConfigError` when it is missing or invalid.
    public init(configURL: URL) throws {
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ConfigError(.notFound, "no \(configURL.lastPathComponent) at \(configURL.deletingLastPathComponent().path); run `meyasu init` there, or point --config or MEYASU_CONFIG at one.")
        }
        self.configURL = configURL
        self.root = configURL.deletingLastPathComponent()
        self.config = try YAMLFile.load(WorkspaceConfig.self, from: configURL, what: "the workspace configuration")
        if config.busyTimeoutSeconds < 0 {
            throw ConfigError(.invalid, "\(configURL.lastPathComponent): `busy_timeout_seconds` must be 0 or more.")
        }
        if let problem = config.proposals.statusRules.problems().first {
            throw ConfigError(.invalid, "\(configURL.lastPathComponent): \(problem)")
        }
        if config.survey.minGroup < 2 {
            throw ConfigError(.invalid, "\(configURL.lastPathComponent): `survey.min_group` must be 2 or more (a group of one is a person).")
        }
        if config.survey.minCommentGroup < config.survey.minGroup {
            throw ConfigError(.invalid, "\(configURL.lastPathComponent): `survey.min_comment_group` must be at least `survey.min_group`.")
        }
        if let problem = config.portal.problem {
            throw ConfigError(.invalid, "\(configURL.lastPathComponent): \(problem)")
        }
    }

    public func path(_ relative: String) -> URL {
        URL(fileURLWithPath: relative, relativeTo: root).standardizedFileURL
    }

    public var databaseURL: URL { path(config.database) }
    public var keyURL: URL { path(config.keyFile) }
    public var formsURL: URL { path(config.forms) }
    public var organizationURL: URL { path(config.organization) }
    public var indicatorsURL: URL { path(config.indicators) }

    /// Opens the database (creating it and bringing its schema up to date).
    public func openStore() throws -> MeyasuStore {
        try MeyasuStore(path: databaseURL.path, busyTimeout: config.busyTimeoutSeconds)
    }

    public func loadKey() throws -> ResponseKeyer {
        try KeyFile.load(from: keyURL)
    }

    /// The roster: `override` (--roster) if given, else `privacy.roster`, else none.
    public func loadRoster(override: String? = nil) throws -> Roster? {
        if let override { return try Roster.load(from: URL(fileURLWithPath: override)) }
        guard let configured = config.privacy.roster else { return nil }
        return try Roster.load(from: path(configured))
    }

    public func loadOrganization() throws -> Organization {
        try Organization.load(from: organizationURL)
    }

    public func loadIndicators() throws -> IndicatorSet {
        try IndicatorSet.load(from: indicatorsURL)
    }

    /// Every form profile in the forms folder (`*.yaml`, `*.yml`, `*.json`), sorted by file name.
    /// - Throws: `ConfigError` naming the first profile that is invalid.
    public func loadProfiles() throws -> [FormProfile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: formsURL.path)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
        if files.isEmpty {
            throw ConfigError(.notFound, "\(config.forms)/ holds no form profile; run `meyasu init` or add one (see docs/forms.md).")
        }
        var seen = Set<String>()
        return try files.map { name in
            let url = formsURL.appendingPathComponent(name)
            let profile = try YAMLFile.load(FormProfile.self, from: url, what: "a form profile")
            if let problem = profile.problems().first {
                throw ConfigError(.invalid, "\(config.forms)/\(name): \(problem)")
            }
            if !seen.insert(profile.id).inserted {
                throw ConfigError(.invalid, "\(config.forms)/\(name): the id \(profile.id) is used by another profile; give each its own.")
            }
            return profile
        }
    }

    /// Writes a starter workspace into `folder`: the files from `starter` (meyasu.yaml,
    /// forms/, organization.yaml, indicators.yaml), a new key file and a database holding no
    /// proposal yet, only the routing examples of `starter`'s routing/ folder.
    /// - Throws: `ConfigError` `.exists` if `folder` already holds a workspace; nothing is overwritten.
    @discardableResult
    public static func initialize(at configURL: URL, starter: URL) throws -> Workspace {
        let fileManager = FileManager.default
        let folder = configURL.deletingLastPathComponent()
        if fileManager.fileExists(atPath: configURL.path) {
            throw ConfigError(.exists, "\(configURL.path) already exists; this folder already holds a Meyasu workspace (nothing was changed).")
        }
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(.invalid, "the folder \(folder.path) cannot be created; check its permissions.")
        }
        for name in ["forms", "organization.yaml", "indicators.yaml", "meyasu.key", "meyasu.sqlite"] {
            let target = folder.appendingPathComponent(name)
            if fileManager.fileExists(atPath: target.path) {
                throw ConfigError(.exists, "\(target.path) already exists; remove it or initialise another folder (nothing was changed).")
            }
        }
        do {
            try fileManager.copyItem(at: starter.appendingPathComponent("forms"), to: folder.appendingPathComponent("forms"))
            try fileManager.copyItem(at: starter.appendingPathComponent("organization.yaml"), to: folder.appendingPathComponent("organization.yaml"))
            try fileManager.copyItem(at: starter.appendingPathComponent("indicators.yaml"), to: folder.appendingPathComponent("indicators.yaml"))
            try fileManager.copyItem(at: starter.appendingPathComponent("meyasu.yaml"), to: configURL)
        } catch {
            throw ConfigError(.invalid, "the starter files cannot be written to \(folder.path); check the folder's permissions.")
        }
        let workspace = try Workspace(configURL: configURL)
        try KeyFile.create(at: workspace.keyURL)
        let store = try workspace.openStore()
        // The database belongs to this key from the start (an import with another is refused).
        try store.checkKey(try workspace.loadKey(), keyFileName: workspace.keyURL.lastPathComponent)
        // The router starts from the labelled proposals shipped with Meyasu (its "history");
        // `meyasu route train` and every hand-over add the city's own.
        let labelled = labelledFiles(in: starter.appendingPathComponent("routing"))
        if !labelled.isEmpty {
            do {
                _ = try workspace.train(from: labelled, labelColumn: sampleLabelColumn, source: "sample", store: store)
            } catch let error as IngestError {
                throw ConfigError(.invalid, "the shipped routing examples cannot be read (\(error.message)); reinstall Meyasu.")
            }
            workspace.keepShippedModel(starter.appendingPathComponent("routing/\(shippedModelName)"), store: store)
        }
        return workspace
    }
}
