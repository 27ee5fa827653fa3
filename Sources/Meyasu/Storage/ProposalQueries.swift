import GRDB

/// A proposal as queues and lists show it.
public struct ProposalSummary: Sendable, Equatable {
    public var id: Int64
    public var submittedOn: String
    public var department: String
    public var status: String
    public var title: String
    public var choices: [ProposalSubmission.ChoiceField]
    public var hasAttachment: Bool
}

/// A proposal with everything a department reads.
public struct ProposalDetail: Sendable, Equatable {
    public var summary: ProposalSummary
    public var titleKey: String
    public var texts: [ProposalSubmission.TextField]
    /// The key forms of the texts, one line per field in form order.
    public var bodyKey: String
    /// How the router placed it on arrival (nil for proposals imported before routing existed).
    public var routing: RoutingDecision?
    /// Hand-overs and other changes, oldest first.
    public var events: [ProposalEvent] = []
    public var routingHint: String?
}

/// Which proposals to list.
public struct ProposalFilter: Sendable, Equatable {
    public var department: String?
    public var status: String?
    public var limit: Int?

    public init(department: String? = nil, status: String? = nil, limit: Int? = nil) {
        self.department = department
        self.status = status
        self.limit = limit
    }
}

extension MeyasuStore {
    /// Proposals matching `filter`, newest first (then by id).
    public func proposals(_ filter: ProposalFilter) throws -> [ProposalSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let department = filter.department {
            conditions.append("department = ?")
            arguments += [department]
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status]
        }
        var sql = "SELECT id, submitted_on, department, status, title, choices, has_attachment FROM proposal"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY submitted_on DESC, id DESC"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                ProposalSummary(
                    id: row["id"], submittedOn: row["submitted_on"], department: row["department"],
                    status: row["status"], title: row["title"],
                    choices: ProposalColumns.decodeChoices(row["choices"]), hasAttachment: row["has_attachment"])
            }
        }
    }

    /// How many proposals each department holds (departments with none are absent).
    public func proposalCountsByDepartment() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT department, COUNT(*) AS n FROM proposal GROUP BY department") {
                counts[row["department"]] = row["n"]
            }
            return counts
        }
    }

    /// One proposal with its free-text fields, or nil when there is no such id.
    public func proposal(id: Int64) throws -> ProposalDetail? {
        let detail = try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, submitted_on, department, status, title, title_key, texts, body_key, choices, routing_hint,
                    has_attachment, routing
                FROM proposal WHERE id = ?
                """, arguments: [id]).map { row in
                ProposalDetail(
                    summary: ProposalSummary(
                        id: row["id"], submittedOn: row["submitted_on"], department: row["department"],
                        status: row["status"], title: row["title"],
                        choices: ProposalColumns.decodeChoices(row["choices"]), hasAttachment: row["has_attachment"]),
                    titleKey: row["title_key"], texts: ProposalColumns.decodeTexts(row["texts"]),
                    bodyKey: row["body_key"], routing: RoutingDecision.fromColumn(row["routing"]), routingHint: row["routing_hint"])
            }
        }
        guard var detail else { return nil }
        detail.events = try proposalEvents(id: id)
        return detail
    }

    /// The number of stored proposals.
    public func proposalCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") ?? 0 }
    }
}

/// The JSON columns of a proposal row.
public struct ProposalColumns: Sendable {
    /// `proposal.texts` as UTF-8 JSON: `[{"field","label","text"}]`.
    public var texts: [UInt8] = []
    /// `proposal.choices` as UTF-8 JSON: `[{"field","label","values"}]`.
    public var choices: [UInt8] = []

    /// Written straight into byte buffers (building strings per value would copy every text
    /// twice more, at a million rows).
    public init(_ submission: ProposalSubmission) {
        texts.reserveCapacity(submission.texts.reduce(64) { $0 + $1.text.utf8.count + 64 })
        Self.array(submission.texts, into: &texts) { field, out in
            Self.member("field", first: true, &out) { JSONText.appendQuoted(field.field, to: &$0) }
            Self.member("label", first: false, &out) { JSONText.appendQuoted(field.label, to: &$0) }
            Self.member("text", first: false, &out) { JSONText.appendQuoted(field.text, to: &$0) }
        }
        choices.reserveCapacity(128)
        Self.array(submission.choices, into: &choices) { choice, out in
            Self.member("field", first: true, &out) { JSONText.appendQuoted(choice.field, to: &$0) }
            Self.member("label", first: false, &out) { JSONText.appendQuoted(choice.label, to: &$0) }
            Self.member("values", first: false, &out) { out in
                out.append(0x5B)
                for (index, value) in choice.values.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    JSONText.appendQuoted(value, to: &out)
                }
                out.append(0x5D)
            }
        }
    }

    /// A JSON array of objects; `object` writes each object's members.
    private static func array<T>(_ items: [T], into out: inout [UInt8], object: (T, inout [UInt8]) -> Void) {
        out.append(0x5B)
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(0x7B)
            object(item, &out)
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    private static func member(_ key: StaticString, first: Bool, _ out: inout [UInt8], value: (inout [UInt8]) -> Void) {
        if !first { out.append(0x2C) }
        out.append(0x22)
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        out.append(contentsOf: [0x22, 0x3A])
        value(&out)
    }

    static func decodeTexts(_ text: String?) -> [ProposalSubmission.TextField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.TextField].self, from: data)) ?? []
    }

    static func decodeChoices(_ text: String?) -> [ProposalSubmission.ChoiceField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.ChoiceField].self, from: data)) ?? []
    }
}

import Foundation
