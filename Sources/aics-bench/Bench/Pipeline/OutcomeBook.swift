/// What the benchmark saw on the output topics for one run, checked as it arrives: the first
/// output per message (with its arrival time), conflicting answers (a second output for the same
/// message with another id or text; the same id and text again is a harmless redelivery), and
/// order violations (a conversation's output for an earlier message after one for a later message).
struct OutcomeBook: Sendable {
    let plan: LoadPlan
    /// Seconds since the run's epoch at which the first output for each message arrived; nil: none yet.
    private(set) var arrivals: [Double?]
    private var firstOutput: [OutputIdentity?]
    private var lastIndexPerConversation: [Int]
    private(set) var outputs = 0
    private(set) var warmUpOutputs = 0
    private(set) var foreignOutputs = 0
    private(set) var duplicates = 0
    private(set) var conflicts: [String] = []
    private(set) var orderViolations: [String] = []
    private(set) var unreadable: [String] = []
    /// Outputs by kind (answer, suggestion, fallback, handoff, ...).
    private(set) var kinds: [String: Int] = [:]
    private(set) var answered = 0

    struct OutputIdentity: Equatable, Sendable {
        var outputID: String
        var text: String
    }

    init(plan: LoadPlan) {
        self.plan = plan
        arrivals = Array(repeating: nil, count: plan.messages)
        firstOutput = Array(repeating: nil, count: plan.messages)
        lastIndexPerConversation = Array(repeating: -1, count: plan.conversations)
    }

    /// Records one output record that answers `inReplyTo` (all message ids it answers).
    mutating func record(inReplyTo: [String], identity: OutputIdentity, kind: String, at time: Double) {
        outputs += 1
        kinds[kind, default: 0] += 1
        for messageID in inReplyTo {
            switch plan.reference(messageID) {
            case .warmUp: warmUpOutputs += 1
            case .foreign: foreignOutputs += 1
            case .measured(let index): recordMeasured(index, identity: identity, at: time)
            }
        }
    }

    mutating func recordUnreadable(_ reason: String) {
        if unreadable.count < 20 { unreadable.append(reason) }
        outputs += 1
    }

    private mutating func recordMeasured(_ index: Int, identity: OutputIdentity, at time: Double) {
        if let first = firstOutput[index] {
            if first == identity {
                duplicates += 1
            } else {
                conflicts.append("\(plan.messageID(index)): \(first.outputID) and \(identity.outputID)")
            }
            return
        }
        firstOutput[index] = identity
        arrivals[index] = time
        answered += 1
        let conversation = index % plan.conversations
        let last = lastIndexPerConversation[conversation]
        if index < last {
            orderViolations.append("\(plan.conversationID(index)): \(plan.messageID(index)) after \(plan.messageID(last))")
        } else {
            lastIndexPerConversation[conversation] = index
        }
    }

    /// Indices of measured messages with no output.
    var missing: [Int] { arrivals.indices.filter { arrivals[$0] == nil } }
}
