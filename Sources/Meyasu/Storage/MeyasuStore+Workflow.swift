import Foundation
import GRDB

/// A proposal's workflow state as a change is decided on it.
public struct ProposalState: Sendable, Equatable {
    public var id: Int64
    public var department: String
    public var status: String
    public var draftAnswer: String?
    public var publishedAnswer: String?
}

/// What one workflow call writes, decided by `ProposalWorkflow` from a `ProposalState`.
/// Texts are already scrubbed.
public struct ProposalChange: Sendable, Equatable {
    public var status: String?
    public var reason: String?
    public var draft: String?
    public var publish = false
    public var note: String?

    public init(status: String? = nil, reason: String? = nil, draft: String? = nil, publish: Bool = false, note: String? = nil) {
        self.status = status
        self.reason = reason
        self.draft = draft
        self.publish = publish
        self.note = note
    }
}

/// A department's private note on a proposal.
public struct ProposalNote: Sendable, Equatable {
    public var at: String
    public var actor: String
    public var text: String
}

/// An earlier or later proposal that is likely the same matter.
public struct SimilarProposal: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var department: String
    public var status: String
    public var similarity: Double
    /// True when it has a published answer (answer it the same way).
    public var answered: Bool
}

/// A published answer as the staff board shows it: no id, no actor, no note, no draft.
public struct PublishedAnswer: Sendable, Equatable {
    public var title: String
    public var texts: [ProposalSubmission.TextField]
    public var department: String
    public var status: String
    /// The day it was published (YYYY-MM-DD).
    public var publishedOn: String
    public var answer: String
}

extension MeyasuStore {
    /// Applies one workflow change to proposal `id` in one transaction: `decide` sees the
    /// current state (read inside the transaction, so a concurrent hand-over cannot slip in
    /// between the check and the write) and says what to write; every change becomes an event.
    /// - Returns: the state after the change.
    /// - Throws: `StoreError(.notFound)` for an unknown id; whatever `decide` throws.
    @discardableResult
    public func changeProposal(id: Int64, actor: String, noteOwner: String, at date: Date = Date(),
                               decide: (ProposalState) throws -> ProposalChange) throws -> ProposalState {
        let stamp = Timestamp.iso(date)
        return try transaction { db in
            guard var state = try Self.state(of: id, in: db) else {
                throw StoreError(.notFound, "there is no proposal \(id); list them with `meyasu proposals list`.")
            }
            let change = try decide(state)
            if let status = change.status, status != state.status {
                try db.execute(sql: "UPDATE proposal SET status = ? WHERE id = ?", arguments: [status, id])
                try db.execute(sql: """
                    INSERT INTO proposal_event (proposal_id, at, actor, kind, from_status, to_status, reason)
                    VALUES (?, ?, ?, 'status', ?, ?, ?)
                    """, arguments: [id, stamp, actor, state.status, status, change.reason])
                state.status = status
            }
            if let draft = change.draft {
                try db.execute(sql: """
                    INSERT INTO proposal_answer (proposal_id, draft_text, drafted_at, drafted_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT(proposal_id) DO UPDATE SET draft_text = excluded.draft_text,
                        drafted_at = excluded.drafted_at, drafted_by = excluded.drafted_by
                    """, arguments: [id, draft, stamp, actor])
                try db.execute(sql: """
                    INSERT INTO proposal_event (proposal_id, at, actor, kind, text) VALUES (?, ?, ?, 'answer_drafted', ?)
                    """, arguments: [id, stamp, actor, draft])
                state.draftAnswer = draft
            }
            if change.publish, let text = state.draftAnswer {
                try db.execute(sql: """
                    UPDATE proposal_answer SET published_text = ?, published_at = ?, published_by = ? WHERE proposal_id = ?
                    """, arguments: [text, stamp, actor, id])
                try db.execute(sql: """
                    INSERT INTO proposal_event (proposal_id, at, actor, kind, to_status, text) VALUES (?, ?, ?, 'answer_published', ?, ?)
                    """, arguments: [id, stamp, actor, state.status, text])
                state.publishedAnswer = text
            }
            if let note = change.note {
                try db.execute(sql: """
                    INSERT INTO proposal_note (proposal_id, owner, at, actor, text) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [id, noteOwner, stamp, actor, note])
                // The history says that a note was written, never what it says.
                try db.execute(sql: """
                    INSERT INTO proposal_event (proposal_id, at, actor, kind) VALUES (?, ?, ?, 'note')
                    """, arguments: [id, stamp, actor])
            }
            return state
        }
    }

    /// The workflow state of proposal `id`, or nil when there is none.
    public func proposalState(id: Int64) throws -> ProposalState? {
        try read { db in try Self.state(of: id, in: db) }
    }

    static func state(of id: Int64, in db: Database) throws -> ProposalState? {
        try Row.fetchOne(db, sql: """
            SELECT p.department, p.status, a.draft_text, a.published_text
            FROM proposal p LEFT JOIN proposal_answer a ON a.proposal_id = p.id WHERE p.id = ?
            """, arguments: [id]).map { row in
            ProposalState(id: id, department: row["department"], status: row["status"],
                          draftAnswer: row["draft_text"], publishedAnswer: row["published_text"])
        }
    }

    /// The private notes `owner` wrote on proposal `id`, oldest first.
    public func notes(proposal id: Int64, owner: String) throws -> [ProposalNote] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT at, actor, text FROM proposal_note WHERE proposal_id = ? AND owner = ? ORDER BY id
                """, arguments: [id, owner]).map { ProposalNote(at: $0["at"], actor: $0["actor"], text: $0["text"]) }
        }
    }

    /// The proposals linked to `id` as likely duplicates (earlier and later), most similar first.
    /// Brings the links up to date first when some proposal is not yet linked.
    public func similarProposals(id: Int64) throws -> [SimilarProposal] {
        try readCaughtUp { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.title, p.department, p.status, s.similarity, a.published_at IS NOT NULL AS answered
                FROM (SELECT earlier_id AS other, similarity FROM proposal_similar WHERE proposal_id = ?1
                      UNION ALL
                      SELECT proposal_id AS other, similarity FROM proposal_similar WHERE earlier_id = ?1) s
                JOIN proposal p ON p.id = s.other
                LEFT JOIN proposal_answer a ON a.proposal_id = p.id
                ORDER BY s.similarity DESC, p.id
                """, arguments: [id]).map { row in
                SimilarProposal(id: row["id"], title: row["title"], department: row["department"], status: row["status"],
                                similarity: row["similarity"], answered: row["answered"])
            }
        }
    }

    /// Every published answer, most recently published first.
    public func publishedAnswers() throws -> [PublishedAnswer] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.title, p.texts, p.department, p.status, a.published_at, a.published_text
                FROM proposal_answer a JOIN proposal p ON p.id = a.proposal_id
                WHERE a.published_at IS NOT NULL
                ORDER BY a.published_at DESC, p.id DESC
                """).map { row in
                let at: String = row["published_at"]
                return PublishedAnswer(title: row["title"], texts: ProposalColumns.decodeTexts(row["texts"]),
                                       department: row["department"], status: row["status"],
                                       publishedOn: String(at.prefix(10)), answer: row["published_text"])
            }
        }
    }
}
