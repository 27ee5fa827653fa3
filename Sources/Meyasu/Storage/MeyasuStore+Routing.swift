import Foundation
import GRDB

/// One change in a proposal's life, as its history shows it.
public struct ProposalEvent: Sendable, Equatable {
    public var at: String
    public var actor: String
    public var kind: String
    public var fromDepartment: String?
    public var toDepartment: String?
    public var reason: String?
    /// For status events: the move; for a published answer, the status it was published in.
    public var fromStatus: String? = nil
    public var toStatus: String? = nil
    /// The answer's text for answer events (a note's text is never in the history).
    public var text: String? = nil
}

extension MeyasuStore {
    /// Every labelled example the router learns from, oldest first.
    public func routingExamples() throws -> [RoutingExample] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT department, title_key, body_key, hint_key FROM routing_example ORDER BY id")
                .map { row in
                    RoutingExample(input: RoutingInput(title: row["title_key"], body: row["body_key"], hint: row["hint_key"]),
                                   department: row["department"])
                }
        }
    }

    /// How many examples each source has given (sample, train, handover).
    public func routingExampleCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, COUNT(*) AS n FROM routing_example GROUP BY source") {
                counts[row["source"]] = row["n"]
            }
            return counts
        }
    }

    /// Stores labelled examples in one transaction.
    /// - Parameters:
    ///   - source: `sample` (shipped with Meyasu) or `train` (`meyasu route train`).
    ///   - replacing: sources whose earlier examples are deleted first (never hand-overs).
    public func addRoutingExamples(_ examples: [RoutingExample], source: String, replacing: [String] = [],
                                   at date: Date = Date()) throws {
        let stamp = Timestamp.iso(date)
        try transaction { db in
            for old in replacing where old != "handover" {
                try db.execute(sql: "DELETE FROM routing_example WHERE source = ?", arguments: [old])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO routing_example (source, department, title_key, body_key, hint_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for example in examples {
                try insert.execute(arguments: [source, example.department, example.input.title, example.input.body,
                                               example.input.hint, stamp])
            }
        }
    }

    /// Moves proposal `id` to `department`, records the hand-over in its history and keeps the
    /// proposal as a training example for the router (the owner is now known).
    /// - Parameters:
    ///   - authorize: called inside the transaction with the department the proposal is assigned
    ///     to now; throws to refuse the move (see `ProposalWorkflow.assign`).
    /// - Returns: the department it came from.
    /// - Throws: `StoreError(.notFound)` when there is no such proposal.
    @discardableResult
    public func assign(proposal id: Int64, to department: String, reason: String, actor: String,
                       at date: Date = Date(), authorize: (String) throws -> Void = { _ in }) throws -> String {
        let stamp = Timestamp.iso(date)
        return try transaction { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT department, title_key, body_key, routing_hint_key FROM proposal WHERE id = ?
                """, arguments: [id]) else {
                throw StoreError(.notFound, "there is no proposal \(id); list them with `meyasu proposals list`.")
            }
            let from: String = row["department"]
            try authorize(from)
            try db.execute(sql: "UPDATE proposal SET department = ? WHERE id = ?", arguments: [department, id])
            try db.execute(sql: """
                INSERT INTO proposal_event (proposal_id, at, actor, kind, from_department, to_department, reason)
                VALUES (?, ?, ?, 'assigned', ?, ?, ?)
                """, arguments: [id, stamp, actor, from, department, reason])
            // One example per proposal: a second hand-over corrects the first.
            try db.execute(sql: "DELETE FROM routing_example WHERE proposal_id = ?", arguments: [id])
            try db.execute(sql: """
                INSERT INTO routing_example (source, department, title_key, body_key, hint_key, proposal_id, created_at)
                VALUES ('handover', ?, ?, ?, ?, ?, ?)
                """, arguments: [department, row["title_key"] as String, row["body_key"] as String,
                                 row["routing_hint_key"] as String?, id, stamp])
            return from
        }
    }

    /// The history of proposal `id`, oldest first.
    public func proposalEvents(id: Int64) throws -> [ProposalEvent] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT at, actor, kind, from_department, to_department, reason, from_status, to_status, text
                FROM proposal_event WHERE proposal_id = ? ORDER BY id
                """, arguments: [id]).map { row in
                ProposalEvent(at: row["at"], actor: row["actor"], kind: row["kind"], fromDepartment: row["from_department"],
                              toDepartment: row["to_department"], reason: row["reason"], fromStatus: row["from_status"],
                              toStatus: row["to_status"], text: row["text"])
            }
        }
    }
}
