import Foundation

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
        /// Every status (状態), in display order (docs/workflow.md).
        public var statuses: [String] = StatusRules.defaultStatuses
        /// For each status, the statuses a department may move a proposal to.
        public var transitions: [String: [String]] = StatusRules.defaultTransitions
        /// Statuses that need a reason (`--reason`).
        public var reasonRequired: [String] = StatusRules.defaultReasonRequired

        public init() {}

        enum CodingKeys: String, CodingKey {
            case submittedDate = "submitted_date"
            case initialStatus = "initial_status"
            case statuses, transitions
            case reasonRequired = "reason_required"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Proposals()
            submittedDate = try container.decodeIfPresent(DateCoarsening.self, forKey: .submittedDate) ?? .day
            initialStatus = try container.decodeIfPresent(String.self, forKey: .initialStatus) ?? defaults.initialStatus
            statuses = try container.decodeIfPresent([String].self, forKey: .statuses) ?? defaults.statuses
            transitions = try container.decodeIfPresent([String: [String]].self, forKey: .transitions) ?? defaults.transitions
            reasonRequired = try container.decodeIfPresent([String].self, forKey: .reasonRequired) ?? defaults.reasonRequired
        }

        /// The statuses and moves as the workflow checks them.
        public var statusRules: StatusRules {
            StatusRules(statuses: statuses, initial: initialStatus, transitions: transitions, reasonRequired: reasonRequired)
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

    /// Settings for the staff survey's summary: the small-group thresholds.
    public struct Survey: Sendable, Equatable, Codable {
        /// No group of fewer respondents is shown, directly or by difference (k).
        public var minGroup = 5
        /// Free-text comments are shown only for groups of at least this many respondents.
        public var minCommentGroup = 10

        public init(minGroup: Int = 5, minCommentGroup: Int = 10) {
            self.minGroup = minGroup
            self.minCommentGroup = minCommentGroup
        }

        enum CodingKeys: String, CodingKey {
            case minGroup = "min_group"
            case minCommentGroup = "min_comment_group"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            minGroup = try container.decodeIfPresent(Int.self, forKey: .minGroup) ?? 5
            minCommentGroup = try container.decodeIfPresent(Int.self, forKey: .minCommentGroup) ?? 10
        }
    }

    /// Settings for the web portal (`meyasu serve`, docs/portal.md).
    public struct Portal: Sendable, Equatable, Codable {
        /// A session ends after this many hours without a request.
        public var sessionHours: Double = 8
        /// Mark the session cookie `Secure`: set it when the portal is reached over HTTPS (behind
        /// a TLS-terminating proxy).
        public var secureCookies = false
        /// Wrong passwords in a row that lock an account.
        public var lockoutAttempts = 5
        /// How long a lock-out lasts.
        public var lockoutMinutes: Double = 15
        /// The largest export the admin's upload page takes, in megabytes.
        public var uploadLimitMB = 50
        /// A header set by a trusted reverse proxy that has already signed the user in (single
        /// sign-on), e.g. `X-Remote-User`; its value is an account name. Off (nil) by default.
        public var trustedHeader: String?
        /// The addresses of the proxies whose `trusted_header` is believed.
        public var trustedProxies: [String] = ["127.0.0.1", "::1"]

        public init() {}

        /// What is wrong with these settings, as a phrase naming the key; nil when they are usable.
        public var problem: String? {
            if !(sessionHours > 0 && sessionHours <= 168) { return "`portal.session_hours` must be more than 0 and at most 168." }
            if !(1...100).contains(lockoutAttempts) { return "`portal.lockout_attempts` must be between 1 and 100." }
            if !(lockoutMinutes > 0) { return "`portal.lockout_minutes` must be more than 0." }
            if !(1...2048).contains(uploadLimitMB) { return "`portal.upload_limit_mb` must be between 1 and 2048." }
            if let header = trustedHeader,
               header.isEmpty || !header.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }) {
                return "`portal.trusted_header` must be a header name of ASCII letters, digits and '-'."
            }
            return nil
        }

        enum CodingKeys: String, CodingKey {
            case sessionHours = "session_hours"
            case secureCookies = "secure_cookies"
            case lockoutAttempts = "lockout_attempts"
            case lockoutMinutes = "lockout_minutes"
            case uploadLimitMB = "upload_limit_mb"
            case trustedHeader = "trusted_header"
            case trustedProxies = "trusted_proxies"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Portal()
            sessionHours = try container.decodeIfPresent(Double.self, forKey: .sessionHours) ?? defaults.sessionHours
            secureCookies = try container.decodeIfPresent(Bool.self, forKey: .secureCookies) ?? defaults.secureCookies
            lockoutAttempts = try container.decodeIfPresent(Int.self, forKey: .lockoutAttempts) ?? defaults.lockoutAttempts
            lockoutMinutes = try container.decodeIfPresent(Double.self, forKey: .lockoutMinutes) ?? defaults.lockoutMinutes
            uploadLimitMB = try container.decodeIfPresent(Int.self, forKey: .uploadLimitMB) ?? defaults.uploadLimitMB
            trustedHeader = try container.decodeIfPresent(String.self, forKey: .trustedHeader)
            trustedProxies = try container.decodeIfPresent([String].self, forKey: .trustedProxies) ?? defaults.trustedProxies
        }
    }

    public var database = "meyasu.sqlite"
    public var keyFile = "meyasu.key"
    public var forms = "forms"
    public var organization = "organization.yaml"
    public var indicators = "indicators.yaml"
    /// Seconds a write waits for another writer (a running import) before giving up.
    public var busyTimeoutSeconds: Double = 30
    public var proposals = Proposals()
    public var privacy = Privacy()
    public var survey = Survey()
    public var portal = Portal()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case database, forms, organization, indicators, proposals, privacy, survey, portal
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
        indicators = try container.decodeIfPresent(String.self, forKey: .indicators) ?? defaults.indicators
        busyTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .busyTimeoutSeconds) ?? defaults.busyTimeoutSeconds
        proposals = try container.decodeIfPresent(Proposals.self, forKey: .proposals) ?? defaults.proposals
        privacy = try container.decodeIfPresent(Privacy.self, forKey: .privacy) ?? defaults.privacy
        survey = try container.decodeIfPresent(Survey.self, forKey: .survey) ?? defaults.survey
        portal = try container.decodeIfPresent(Portal.self, forKey: .portal) ?? defaults.portal
    }
}
