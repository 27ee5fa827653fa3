/// `meyasu.yaml`: where a workspace keeps its files and how it treats imports.
///
/// Paths are relative to the folder that holds `meyasu.yaml`. Schema: `schemas/meyasu.schema.json`.
public struct WorkspaceConfig: Sendable, Equatable, Codable {
    /// Settings for proposal imports.
    public struct Proposals: Sendable, Equatable, Codable {
        /// How much of 回答日時 is kept: `day` or `week`. Change it only on an empty database:
        /// it is part of what tells a repeated response from a changed one.
        public var submittedDate: DateCoarsening = .day
        /// The status a new proposal starts in.
        public var initialStatus: String = "受付"

        public init() {}

        enum CodingKeys: String, CodingKey {
            case submittedDate = "submitted_date"
            case initialStatus = "initial_status"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            submittedDate = try container.decodeIfPresent(DateCoarsening.self, forKey: .submittedDate) ?? .day
            initialStatus = try container.decodeIfPresent(String.self, forKey: .initialStatus) ?? "受付"
        }
    }

    /// Settings for the identifier scrubber.
    public struct Privacy: Sendable, Equatable, Codable {
        /// The HR staff list (CSV: 職員番号,氏名,ふりがな,所属), relative to meyasu.yaml; optional.
        public var roster: String?

        public init(roster: String? = nil) {
            self.roster = roster
        }
    }

    public var database = "meyasu.sqlite"
    public var keyFile = "meyasu.key"
    public var forms = "forms"
    public var organization = "organization.yaml"
    /// Seconds a write waits for another writer (a running import) before giving up.
    public var busyTimeoutSeconds: Double = 30
    public var proposals = Proposals()
    public var privacy = Privacy()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case database, forms, organization, proposals, privacy
        case keyFile = "key_file"
        case busyTimeoutSeconds = "busy_timeout_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WorkspaceConfig()
        database = try container.decodeIfPresent(String.self, forKey: .database) ?? defaults.database
        keyFile = try container.decodeIfPresent(String.self, forKey: .keyFile) ?? defaults.keyFile
        forms = try container.decodeIfPresent(String.self, forKey: .forms) ?? defaults.forms
        organization = try container.decodeIfPresent(String.self, forKey: .organization) ?? defaults.organization
        busyTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .busyTimeoutSeconds) ?? defaults.busyTimeoutSeconds
        proposals = try container.decodeIfPresent(Proposals.self, forKey: .proposals) ?? defaults.proposals
        privacy = try container.decodeIfPresent(Privacy.self, forKey: .privacy) ?? defaults.privacy
    }
}
