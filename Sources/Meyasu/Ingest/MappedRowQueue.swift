import Foundation

/// What the reading thread hands to the writing one: a row ready to store, or a row problem.
enum MappedRow<Output> {
    case mapped(Output, line: Int, record: Int)
    case problem(RowProblem)

    /// What a row is swapped with to move it out of its batch: it holds no string or array
    /// of its own, so making one costs no retain.
    static var placeholder: MappedRow { .problem(RowProblem(line: 0, record: 0, reason: "")) }
}

/// Turns one CSV record of an export into what the store takes, or says which column of which
/// line is wrong. A mapper is used by one thread at a time.
protocol RowMapping: AnyObject, SendableMetatype {
    associatedtype Output
    func map(_ record: CSVRecord) -> Result<Output, RowProblem>
}

/// A bounded hand-over of batches of rows from one stage of an import to the next (the reader to
/// the Text workers, the Text workers to the database writer), so that the stages run on threads
/// of their own. At most `capacity` batches wait, so memory stays flat whatever the file's size.
// Every stored property is read and written only while `condition` is locked, which makes the
// class safe to share between the stages' threads.
final class MappedRowQueue<Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[MappedRow<Output>]] = []
    private var finished = false
    private var cancelled = false
    private var producerDone = false
    private var failure: (any Error)?
    private var fileDigest: String?
    private let capacity: Int

    /// - Parameter capacity: batches that may wait. Four of `RowProducer`'s 64 rows keep both
    ///   Text workers fed; more only holds rows longer, and raises the import's peak memory
    ///   (Benchmarks/README.md, "Rows handed over whole, in smaller batches").
    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// Waits for room, then adds `batch`; false when the consumer has given up.
    ///
    /// The batch is taken over, not shared: the stage that takes it changes its rows in place,
    /// and a batch still referenced by the stage that put it would be copied whole first (a
    /// retain and a release of every string of every row).
    func put(_ batch: consuming [MappedRow<Output>]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(consume batch)
        condition.broadcast()
        return true
    }

    /// Marks the end of the rows, with the file's SHA-256 when it was read to the end, or the
    /// error that stopped the reading.
    func finish(digest: String?, throwing error: (any Error)?) {
        condition.lock()
        finished = true
        producerDone = true
        failure = error
        fileDigest = digest
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; nil after the last one.
    /// - Throws: the error that stopped the reading thread (e.g. a line with no end).
    func take() throws -> [MappedRow<Output>]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// How many batches wait to be taken: the next stage's backlog.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return batches.count
    }

    /// The file's SHA-256 (hex), once `take` has returned nil.
    var digest: String? {
        condition.lock()
        defer { condition.unlock() }
        return fileDigest
    }

    /// Tells the reading thread to stop and waits until it has (it owns the open file).
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }
}

/// The reading side of an import: the CSV reader and the row mapper, owned by one thread.
// The reader, the mapper, its ICU converter and `spareWork` are used only by the thread that
// `start` creates once the calling thread has handed them over; nothing else touches them
// afterwards.
final class RowProducer<Mapper: RowMapping>: @unchecked Sendable {
    private let reader: CSVReader
    private let mapper: Mapper
    /// Rows handed over at a time: few, so that few rows wait between the stages (see
    /// `MappedRowQueue.init`), yet enough that the locking is lost in the work.
    private let batchSize = 64
    /// The core the reading thread keeps to (`StageCores`); nil: wherever the system puts it.
    private let core: Int?
    /// Work on a mapped row that the next stage does otherwise (for a proposal: the scrubbing).
    /// The reading thread does it for a batch when the next stage is behind, and leaves it to that
    /// stage when the stage is waiting for rows.
    private let spareWork: ((inout Mapper.Output) -> Void)?

    /// The next stage is behind when at least this many batches wait for it: the reading thread
    /// then has time for its spare work. Below it, the next stage is about to wait for rows.
    private let spareWorkFromBacklog: Int

    /// - Parameters:
    ///   - spareWork: work on each mapped row that the next stage does when this one does not.
    ///   - spareWorkFromBacklog: the next stage's backlog (batches waiting) from which this stage
    ///     does the spare work: 0, always; `Int.max`, never.
    init(reader: CSVReader, mapper: Mapper, core: Int? = nil, spareWork: ((inout Mapper.Output) -> Void)? = nil,
         spareWorkFromBacklog: Int = 2) {
        self.reader = reader
        self.mapper = mapper
        self.core = core
        self.spareWork = spareWork
        self.spareWorkFromBacklog = spareWorkFromBacklog
    }

    /// Starts reading on a new thread, feeding `queue` until the end of the file.
    func start(into queue: MappedRowQueue<Mapper.Output>) {
        let thread = Thread { [self] in
            if let core { StageCores.pin(to: core) }
            do {
                var batch: [MappedRow<Mapper.Output>] = []
                batch.reserveCapacity(batchSize)
                // Decided once a batch, as it begins, from the next stage's backlog.
                func spareForNextBatch() -> ((inout Mapper.Output) -> Void)? {
                    guard let spareWork, queue.waiting >= spareWorkFromBacklog else { return nil }
                    return spareWork
                }
                var spare = spareForNextBatch()
                while let record = try reader.next() {
                    switch mapper.map(record) {
                    case .success(var output):
                        // Decoded and hashed by the mapper (and scrubbed, here or in the next
                        // stage); for proposals the Text stage and routing follow on threads of
                        // their own (TextStage).
                        spare?(&output)
                        batch.append(.mapped(consume output, line: record.line, record: record.number))
                    case .failure(let problem):
                        batch.append(.problem(problem))
                    }
                    if batch.count == batchSize {
                        // Handed over whole, and a new batch begun (see `put`).
                        let full = consume batch
                        batch = []
                        batch.reserveCapacity(batchSize)
                        guard queue.put(full) else { break }
                        spare = spareForNextBatch()
                    }
                }
                if !batch.isEmpty { _ = queue.put(consume batch) }
                queue.finish(digest: reader.sha256, throwing: nil)
            } catch {
                queue.finish(digest: nil, throwing: error)
            }
        }
        thread.name = "meyasu.import.read"
        thread.start()
    }
}

/// The middle of an import: the scrubbing of identifiers from the free text (when the reading left
/// it), the Text stage (display and key forms) and routing, between the
/// reader and the database writer. It is the costliest stage, so it runs on `workers` threads;
/// each takes a batch with a ticket and puts its batch back in ticket order, so the writer sees
/// the rows in the file's order (which decides, e.g., which of two rows with one 回答ID is kept).
/// The rows whose 回答ID is stored already (most of a cumulative export's) skip it: nothing of
/// them is stored again, so their forms and routing would be work thrown away.
// Each worker's normaliser and router scratch live on its own thread; the router is an
// immutable value. `nextTicket` is guarded by `takeLock`; `nextToPut`, `running`, `stopped` and
// `failure` by `condition`. That makes the class safe to share between the worker threads.
final class TextStage: @unchecked Sendable {
    private let pendingRouter: PendingRouter?
    private let scrubber: PIIScrubber
    private let storedHashes: MeyasuStore.StoredHashLookup?
    /// The core the workers keep to (`StageCores`); nil: wherever the system puts them.
    private let core: Int?
    private let workers: Int
    private let takeLock = NSLock()
    private let condition = NSCondition()
    private var nextTicket = 0
    private var nextToPut = 0
    private var running = 0
    private var stopped = false
    private var failure: (any Error)?

    /// - Parameters:
    ///   - scrubber: scrubs the rows that the reading left `awaitsScrubbing`.
    ///   - storedHashes: looks up the rows' 回答IDs among the responses stored already (a batch at
    ///     a time); those rows are passed on as they are, marked `storedContentHash`.
    init(router: PendingRouter?, scrubber: PIIScrubber = PIIScrubber(), storedHashes: MeyasuStore.StoredHashLookup? = nil,
         core: Int? = nil, workers: Int = 2) {
        self.pendingRouter = router
        self.scrubber = scrubber
        self.storedHashes = storedHashes
        self.core = core
        self.workers = max(1, workers)
    }

    /// Starts the workers: they take batches from `input`, complete them and put them to
    /// `output`; the last one to stop finishes `output`.
    func start(from input: MappedRowQueue<ProposalSubmission>, into output: MappedRowQueue<ProposalSubmission>) {
        running = workers
        for number in 0..<workers {
            let thread = Thread { [self] in work(from: input, into: output) }
            thread.name = "meyasu.import.text.\(number)"
            thread.start()
        }
    }

    private func work(from input: MappedRowQueue<ProposalSubmission>, into output: MappedRowQueue<ProposalSubmission>) {
        if let core { StageCores.pin(to: core) }
        var completion: TextCompletion
        do {
            completion = TextCompletion(scrubber: scrubber, router: try pendingRouter?.get())
        } catch {
            completion = TextCompletion(scrubber: scrubber, router: nil)
            condition.lock()
            failure = failure ?? error
            stopped = true
            condition.broadcast()
            condition.unlock()
        }
        while true {
            // Take a batch and its ticket together.
            takeLock.lock()
            condition.lock()
            let stop = stopped
            condition.unlock()
            if stop {
                takeLock.unlock()
                break
            }
            var taken: [MappedRow<ProposalSubmission>]?
            do {
                taken = try input.take()
            } catch {
                takeLock.unlock()
                condition.lock()
                failure = failure ?? error
                stopped = true
                condition.broadcast()
                condition.unlock()
                break
            }
            let ticket = nextTicket
            nextTicket += 1
            takeLock.unlock()
            // Moved out of `taken`, so that the batch has one owner and changes in place.
            guard var batch = taken.take() else { break }

            // The rows stored already (a cumulative export's), looked up together.
            var stored: [Data?] = []
            if let storedHashes {
                var keys: [Data] = []
                for row in batch { if case .mapped(let submission, _, _) = row { keys.append(submission.responseKey) } }
                stored = storedHashes(keys)
            }
            var mappedIndex = 0
            for index in batch.indices {
                guard case .mapped = batch[index] else { continue }
                let storedHash = mappedIndex < stored.count ? stored[mappedIndex] : nil
                mappedIndex += 1
                // Moved out of the batch while it changes (swapped with a placeholder, then
                // consumed): binding it from the batch would copy it, a retain and a release of
                // every string and array it holds.
                var row = MappedRow<ProposalSubmission>.placeholder
                swap(&row, &batch[index])
                guard case .mapped(var submission, let line, let record) = consume row else { continue }
                if let storedHash {
                    submission.storedContentHash = storedHash
                } else {
                    completion.complete(&submission)
                }
                batch[index] = .mapped(submission, line: line, record: record)
            }

            // Put it in ticket order.
            condition.lock()
            while nextToPut != ticket && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                break
            }
            let accepted = output.put(consume batch)
            nextToPut += 1
            if !accepted { stopped = true }
            condition.broadcast()
            condition.unlock()
            if !accepted { break }
        }
        condition.lock()
        running -= 1
        let last = running == 0
        let error = failure
        condition.broadcast()
        condition.unlock()
        if last {
            // The reader must be gone before the writer learns that this stage is done.
            let digest = error == nil ? input.digest : nil
            input.cancelAndWait()
            output.finish(digest: digest, throwing: error)
        }
    }
}

/// What the Text stage does to a row: the identifiers scrubbed from its text if the reading left
/// them, its display and key forms, then its routing. Owned by one thread (a Text worker, or the
/// import's writer for a row it completes itself).
struct TextCompletion {
    private let scrubber: PIIScrubber
    private let scrubbing = PIIScrubber.Scratch()
    private let normalizer = TextNormalizer()
    private var buffers = TextNormalizer.Buffers()
    private var scratch = ProposalRouter.Scratch()
    private let router: ProposalRouter?

    init(scrubber: PIIScrubber, router: ProposalRouter?) {
        self.scrubber = scrubber
        self.router = router
    }

    mutating func complete(_ submission: inout ProposalSubmission) {
        if submission.awaitsScrubbing { submission.scrub(with: scrubber, scratch: scrubbing) }
        normalizer.normalizeFields(of: &submission, buffers: &buffers)
        if let router {
            submission.routing = router.route(
                RoutingInput(title: submission.titleKey, body: submission.bodyKey, hint: submission.routingHintKey),
                scratch: &scratch)
        }
    }
}
