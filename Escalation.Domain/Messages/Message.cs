using Escalation.Domain.Ladders;
using Escalation.Domain.Organisation;

namespace Escalation.Domain.Messages;

public enum DeadlineOutcome
{
    /// <summary>Acknowledged, closed, or the deadline moved: nothing to do (a late or duplicate fire).</summary>
    NotDue,
    Escalated,
    Exhausted,
    Repaged,
}

/// <summary>
/// One clinical message and its escalation. The aggregate decides every step; the engine only loads it, asks the
/// roster, saves it under its concurrency token and sends what it raised. Deliveries are recorded here and sent
/// from the outbox, so a step and its pages commit together or not at all.
/// </summary>
public sealed class Message
{
    public const string Engine = "system:engine";

    private readonly List<Delivery> _deliveries = [];
    private readonly List<MessageEvent> _events = [];

    private Message()
    {
        Subject = CreatedBy = string.Empty;
    }

    public MessageId Id { get; private set; }

    public Tier Tier { get; private set; }

    public string Subject { get; private set; }

    public ProtectedText Body { get; private set; }

    public ProtectedText? PatientRef { get; private set; }

    public MessageSource Source { get; private set; }

    public string? ExternalId { get; private set; }

    public UnitId UnitId { get; private set; }

    /// <summary>The ladder version this message climbs; null for a broadcast.</summary>
    public LadderId? LadderId { get; private set; }

    public bool IsBroadcast { get; private set; }

    public ClinicalRoleId? BroadcastRoleId { get; private set; }

    public bool Escalates { get; private set; }

    public bool RequiresAck { get; private set; }

    public MessageState State { get; private set; }

    /// <summary>1-based; 0 until a layer with somebody on duty has started.</summary>
    public int CurrentLayer { get; private set; }

    public DateTimeOffset? LayerStartedAt { get; private set; }

    /// <summary>When the current step times out; null when nothing is waiting (acknowledged, closed, Routine, broadcast).</summary>
    public DateTimeOffset? DeadlineAt { get; private set; }

    /// <summary>The last layer timed out (or nobody was on duty anywhere): flagged, re-paging until acknowledged.</summary>
    public bool IsExhausted { get; private set; }

    public int Pages { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public bool AcknowledgedOnBehalf { get; private set; }

    public string? ClosedBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public CloseOutcome? Outcome { get; private set; }

    /// <summary>When the acknowledger was reminded that the message is still not closed; set once, never again.</summary>
    public DateTimeOffset? AckRemindedAt { get; private set; }

    /// <summary>When the message went on the board as "acknowledged, not closed"; set once.</summary>
    public DateTimeOffset? AckFlaggedAt { get; private set; }

    /// <summary>Free text that may name the patient ("repeat K+ normal, MRN ..."): encrypted, like the body.</summary>
    public ProtectedText? CloseNote { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Concurrency token: two writers that loaded the same revision cannot both commit.</summary>
    public int Revision { get; private set; }

    public bool IsDrill => Source == MessageSource.Drill;

    public IReadOnlyList<Delivery> Deliveries => _deliveries;

    /// <summary>What happened since the aggregate was loaded; the engine audits and dispatches these.</summary>
    public IReadOnlyList<MessageEvent> Events => _events;

    public IEnumerable<string> RecipientIds => _deliveries.Select(d => d.RecipientId).Distinct();

    public static Message Create(MessageDraft draft, Ladder ladder, bool escalates, bool requiresAck, string createdBy, DateTimeOffset now)
    {
        var message = New(draft, createdBy, now);
        message.LadderId = ladder.Id;
        message.Escalates = escalates && draft.Tier != Tier.Routine;
        message.RequiresAck = requiresAck || draft.Tier == Tier.Critical;
        message.Raise(MessageEventKind.Created, now, createdBy, detail: $"{draft.Tier} via {draft.Source}, ladder '{ladder.Name}' v{ladder.Version}");
        return message;
    }

    /// <summary>A mass notification: every holder of the role at once, each tracked; never escalates.</summary>
    public static Message CreateBroadcast(MessageDraft draft, ClinicalRoleId roleId, IReadOnlyList<string> recipients, string createdBy, DateTimeOffset now)
    {
        if (recipients.Count == 0)
        {
            throw new DomainException("A broadcast needs at least one recipient on duty.");
        }

        var message = New(draft, createdBy, now);
        message.IsBroadcast = true;
        message.BroadcastRoleId = roleId;
        message.RequiresAck = true;
        message.Raise(MessageEventKind.Created, now, createdBy, detail: $"Broadcast {draft.Tier} to {recipients.Count} recipient(s)");
        foreach (var recipient in recipients.Distinct())
        {
            message.Deliver(0, recipient, Channels.Inbox, now);
        }

        return message;
    }

    /// <summary>Starts the first layer that has somebody on duty.</summary>
    public void Start(Ladder ladder, RecipientResolver resolve, TimeSpan repageInterval, DateTimeOffset now)
    {
        RequireLadder(ladder);
        if (CurrentLayer != 0 || State != MessageState.Open || IsBroadcast)
        {
            throw new DomainException("A message starts once.");
        }

        Climb(ladder, resolve, repageInterval, now);
    }

    /// <summary>
    /// Starts at layer <paramref name="number"/> instead of the first (an answering-service call after hours goes
    /// straight to the on-call physician's layer). The layers below are passed over, not audited as empty; when
    /// nobody is on duty there, the message starts as usual so that it still reaches somebody.
    /// </summary>
    public void StartAt(int number, Ladder ladder, RecipientResolver resolve, TimeSpan repageInterval, DateTimeOffset now)
    {
        RequireLadder(ladder);
        if (CurrentLayer != 0 || State != MessageState.Open || IsBroadcast)
        {
            throw new DomainException("A message starts once.");
        }

        if (number < 1 || number > ladder.Layers.Count)
        {
            throw new DomainException($"The ladder has no layer {number}.");
        }

        var layer = ladder.Layers[number - 1];
        var recipients = resolve(layer.Roles);
        if (recipients.UserIds.Count == 0)
        {
            Climb(ladder, resolve, repageInterval, now);
            return;
        }

        StartLayer(number, layer, recipients, now);
        Revision++;
    }

    /// <summary>
    /// The current step's deadline fired. Only an open message whose deadline has really passed moves: a duplicate,
    /// late or stale fire changes nothing, which is what makes a second node or a retry harmless.
    /// </summary>
    public DeadlineOutcome OnDeadline(Ladder ladder, RecipientResolver resolve, TimeSpan repageInterval, DateTimeOffset now)
    {
        RequireLadder(ladder);
        if (State != MessageState.Open || DeadlineAt is not { } deadline || now < deadline)
        {
            return DeadlineOutcome.NotDue;
        }

        if (IsExhausted && CurrentLayer > 0)
        {
            // Somebody may have come on duty for a later layer since the message ran out of ladder: climb to them.
            for (var number = CurrentLayer + 1; number <= ladder.Layers.Count; number++)
            {
                var recipients = resolve(ladder.Layers[number - 1].Roles);
                if (recipients.UserIds.Count > 0)
                {
                    Raise(MessageEventKind.Escalated, now, Engine, layer: number, detail: $"Layer {CurrentLayer} -> {number}");
                    StartLayer(number, ladder.Layers[number - 1], recipients, now);
                    Revision++;
                    return DeadlineOutcome.Escalated;
                }
            }

            Repage(ladder, resolve, repageInterval, now);
            return DeadlineOutcome.Repaged;
        }

        return Climb(ladder, resolve, repageInterval, now);
    }

    /// <summary>
    /// Somebody acting for the unit (a charge nurse watching the board) moves an open message on now instead of
    /// waiting for the layer's timeout: the next layer with somebody on duty, or a re-page when the ladder is spent.
    /// </summary>
    public Result EscalateNow(Ladder ladder, RecipientResolver resolve, TimeSpan repageInterval, string userId, DateTimeOffset now)
    {
        RequireLadder(ladder);
        if (State != MessageState.Open || IsBroadcast || !Escalates || CurrentLayer == 0)
        {
            return Result.Fail("not-escalating", "Only an open message that climbs a ladder can be escalated now.");
        }

        Raise(MessageEventKind.EscalatedByHand, now, userId, layer: CurrentLayer, detail: $"Escalated by hand from layer {CurrentLayer}");
        if (IsExhausted)
        {
            Repage(ladder, resolve, repageInterval, now);
        }
        else
        {
            Climb(ladder, resolve, repageInterval, now);
        }

        return Result.Ok;
    }

    /// <summary>
    /// The board hands the current layer to a named person (the charge nurse knows who is actually free): they are
    /// paged on the layer's channels and get the layer's full timeout; whoever was paged before can still acknowledge.
    /// </summary>
    public Result Reassign(Ladder ladder, string recipientId, string userId, DateTimeOffset now)
    {
        RequireLadder(ladder);
        if (State != MessageState.Open || IsBroadcast || CurrentLayer == 0)
        {
            return Result.Fail("not-open", "Only an open message on a layer can be reassigned.");
        }

        if (_deliveries.Any(d => d.Layer == CurrentLayer && d.Page == Pages && d.RecipientId == recipientId))
        {
            return Result.Fail("already-recipient", "That person already has this message on the current layer.");
        }

        var layer = ladder.Layers[CurrentLayer - 1];
        Raise(MessageEventKind.Reassigned, now, userId, layer: CurrentLayer, recipientId: recipientId, detail: $"Layer {CurrentLayer} reassigned");
        DeliverLayer(CurrentLayer, layer, new LayerRecipients(null, [recipientId]), now);
        DeadlineAt = Escalates ? now + layer.Timeout : DeadlineAt;
        Revision++;
        return Result.Ok;
    }

    public Result Acknowledge(string userId, bool onBehalf, DateTimeOffset now)
    {
        if (State == MessageState.Closed)
        {
            return Result.Fail("closed", "The message is already closed.");
        }

        if (IsBroadcast)
        {
            var mine = _deliveries.Where(d => d.RecipientId == userId).ToList();
            if (mine.Count == 0 && !onBehalf)
            {
                return Result.Fail("not-recipient", "The broadcast was not sent to you.");
            }

            if (mine.Count > 0 && mine.All(d => d.AcknowledgedAt is not null))
            {
                return Result.Fail("already-acknowledged", "You already acknowledged this broadcast.");
            }

            mine.ForEach(d => d.MarkAcknowledged(now));
            Raise(MessageEventKind.Acknowledged, now, userId, recipientId: userId, detail: onBehalf ? "on behalf of the unit" : null);
            if (_deliveries.All(d => d.AcknowledgedAt is not null))
            {
                State = MessageState.Acknowledged;
                AcknowledgedAt = now;
                AcknowledgedBy = userId;
            }

            Revision++;
            return Result.Ok;
        }

        if (State == MessageState.Acknowledged)
        {
            return Result.Fail("already-acknowledged", $"Already acknowledged at {AcknowledgedAt:O}.");
        }

        State = MessageState.Acknowledged;
        AcknowledgedBy = userId;
        AcknowledgedAt = now;
        AcknowledgedOnBehalf = onBehalf;
        DeadlineAt = null;
        foreach (var delivery in _deliveries.Where(d => d.RecipientId == userId))
        {
            delivery.MarkAcknowledged(now);
        }

        Raise(MessageEventKind.Acknowledged, now, userId, layer: CurrentLayer, detail: onBehalf ? "on behalf of the unit" : null);
        Revision++;
        return Result.Ok;
    }

    /// <summary>
    /// The forgotten-acknowledgment sweep looked at the message. An acknowledged Critical or Urgent message that nobody
    /// closed reminds its acknowledger once, past <see cref="AckWindows.RemindAfter"/> (in the inbox, and by SMS when
    /// one of their pages was a text); past <see cref="AckWindows.BoardAfter"/> it goes on the board, once. Each is
    /// stamped here and bumps <see cref="Revision"/>, so of two sweeps (two nodes) only one commits it.
    /// </summary>
    public ForgottenAckOutcome OnForgottenAck(AckWindows windows, DateTimeOffset now)
    {
        if (State != MessageState.Acknowledged || IsBroadcast || Tier == Tier.Routine || AcknowledgedAt is not { } ackedAt || AcknowledgedBy is not { } acker)
        {
            return ForgottenAckOutcome.None;
        }

        var outcome = ForgottenAckOutcome.None;
        if (AckRemindedAt is null && now >= ackedAt + windows.RemindAfter)
        {
            // "Their layer used SMS": a text already reached this person for this message, so a text is how they expect it.
            var bySms = _deliveries.Any(d => d.RecipientId == acker && d.Channel == Channels.Sms && d.Page != Delivery.ReminderPage);
            AckRemindedAt = now;
            Raise(MessageEventKind.AckReminderSent, now, Engine, layer: CurrentLayer, recipientId: acker,
                detail: $"Acknowledged {ackedAt:u}, not closed after {Words(windows.RemindAfter)}; reminded by inbox{(bySms ? " and SMS" : string.Empty)}");
            DeliverReminder(acker, Channels.Inbox, now);
            if (bySms)
            {
                DeliverReminder(acker, Channels.Sms, now);
            }

            outcome |= ForgottenAckOutcome.Reminded;
        }

        if (AckFlaggedAt is null && now >= ackedAt + windows.BoardAfter)
        {
            AckFlaggedAt = now;
            Raise(MessageEventKind.AckNotClosedFlagged, now, Engine, layer: CurrentLayer, recipientId: acker,
                detail: $"Acknowledged {ackedAt:u}, not closed after {Words(windows.BoardAfter)}: on the unit's board");
            outcome |= ForgottenAckOutcome.FlaggedOnBoard;
        }

        if (outcome != ForgottenAckOutcome.None)
        {
            Revision++;
        }

        return outcome;
    }

    /// <summary>Records that somebody opened the message. Reading is never acknowledging.</summary>
    public void RecordRead(string userId, DateTimeOffset now)
    {
        var first = false;
        foreach (var delivery in _deliveries.Where(d => d.RecipientId == userId))
        {
            first |= delivery.MarkRead(now);
        }

        var isRecipient = _deliveries.Any(d => d.RecipientId == userId);
        if (first || !isRecipient)
        {
            Raise(MessageEventKind.Read, now, userId, layer: CurrentLayer, recipientId: userId, detail: isRecipient ? null : "not a recipient");
            Revision++;
        }
    }

    /// <summary>Longest close note, in characters of plaintext; checked before it is encrypted (the domain never sees it).</summary>
    public const int CloseNoteMaxLength = 2000;

    /// <summary>
    /// Whether a close note fits, measured on its trimmed plaintext: the caller asks before encrypting it, the only
    /// moment its length is known, so the rule lives here with <see cref="Close"/> rather than in each caller.
    /// </summary>
    public static Result CheckCloseNote(string? plaintext) =>
        plaintext?.Trim() is { Length: > CloseNoteMaxLength }
            ? Result.Fail("note-too-long", $"A closing note is at most {CloseNoteMaxLength} characters.")
            : Result.Ok;

    public Result Close(string userId, CloseOutcome outcome, ProtectedText? note, DateTimeOffset now)
    {
        if (State == MessageState.Closed)
        {
            return Result.Fail("closed", "The message is already closed.");
        }

        if (State == MessageState.Open && RequiresAck)
        {
            return Result.Fail("not-acknowledged", "Acknowledge the message before closing it.");
        }

        State = MessageState.Closed;
        ClosedBy = userId;
        ClosedAt = now;
        Outcome = outcome;
        CloseNote = note;
        DeadlineAt = null;
        Raise(MessageEventKind.Closed, now, userId, layer: CurrentLayer, detail: outcome.ToString());
        Revision++;
        return Result.Ok;
    }

    /// <summary>The engine has taken the events into its transaction.</summary>
    public void ClearEvents() => _events.Clear();

    private static Message New(MessageDraft draft, string createdBy, DateTimeOffset now)
    {
        var subject = draft.Subject?.Trim() ?? string.Empty;
        if (subject.Length is 0 or > 200)
        {
            throw new DomainException("A message needs a subject of at most 200 characters.");
        }

        if (draft.ExternalId is { Length: > 200 })
        {
            throw new DomainException("An external id is at most 200 characters.");
        }

        return new Message
        {
            Id = MessageId.New(),
            Tier = draft.Tier,
            Subject = subject,
            Body = draft.Body,
            PatientRef = draft.PatientRef,
            Source = draft.Source,
            ExternalId = string.IsNullOrWhiteSpace(draft.ExternalId) ? null : draft.ExternalId.Trim(),
            UnitId = draft.UnitId,
            State = MessageState.Open,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }

    /// <summary>Starts the next layer after the current one that has somebody on duty, skipping (and auditing) empty ones.</summary>
    private DeadlineOutcome Climb(Ladder ladder, RecipientResolver resolve, TimeSpan repageInterval, DateTimeOffset now)
    {
        for (var number = CurrentLayer + 1; number <= ladder.Layers.Count; number++)
        {
            var layer = ladder.Layers[number - 1];
            var recipients = resolve(layer.Roles);
            if (recipients.UserIds.Count == 0)
            {
                Raise(MessageEventKind.LayerSkipped, now, Engine, layer: number,
                    detail: $"No one on duty for {string.Join(" or ", layer.Roles.Select(r => r.Words()))}");
                continue;
            }

            if (CurrentLayer > 0)
            {
                Raise(MessageEventKind.Escalated, now, Engine, layer: number, detail: $"Layer {CurrentLayer} -> {number}");
            }

            StartLayer(number, layer, recipients, now);
            Revision++;
            return DeadlineOutcome.Escalated;
        }

        // Past the last layer, or nobody anywhere: flag it and keep paging until somebody acknowledges.
        IsExhausted = true;
        Raise(MessageEventKind.Exhausted, now, Engine, layer: CurrentLayer,
            detail: CurrentLayer == 0 ? "No one on duty on any layer" : "Last layer timed out");
        if (CurrentLayer > 0)
        {
            Repage(ladder, resolve, repageInterval, now);
        }
        else
        {
            DeadlineAt = now + repageInterval;
        }

        Revision++;
        return DeadlineOutcome.Exhausted;
    }

    private void StartLayer(int number, Layer layer, LayerRecipients recipients, DateTimeOffset now)
    {
        // A message flagged because nobody was on duty anywhere climbs normally once somebody is.
        IsExhausted = false;
        CurrentLayer = number;
        LayerStartedAt = now;
        Pages = 0;
        Raise(MessageEventKind.LayerStarted, now, Engine, layer: number, detail: recipients.Role?.Words());
        DeliverLayer(number, layer, recipients, now);
        DeadlineAt = Escalates ? now + layer.Timeout : null;
    }

    private void Repage(Ladder ladder, RecipientResolver resolve, TimeSpan repageInterval, DateTimeOffset now)
    {
        var layer = ladder.Layers[CurrentLayer - 1];
        var recipients = resolve(layer.Roles);
        Pages++;
        if (recipients.UserIds.Count == 0)
        {
            Raise(MessageEventKind.LayerSkipped, now, Engine, layer: CurrentLayer,
                detail: $"Re-page {Pages}: no one on duty for {string.Join(" or ", layer.Roles.Select(r => r.Words()))}");
        }
        else
        {
            Raise(MessageEventKind.Repaged, now, Engine, layer: CurrentLayer, detail: $"Re-page {Pages}");
            DeliverLayer(CurrentLayer, layer, recipients, now);
        }

        DeadlineAt = now + repageInterval;
        Revision++;
    }

    /// <summary>One delivery per recipient per channel of the layer, on the current page.</summary>
    private void DeliverLayer(int number, Layer layer, LayerRecipients recipients, DateTimeOffset now)
    {
        foreach (var userId in recipients.UserIds.Distinct())
        {
            foreach (var channel in Split(layer.Channels))
            {
                Deliver(number, userId, channel, now);
            }
        }
    }

    private void Deliver(int layer, string userId, Channels channel, DateTimeOffset now)
    {
        var delivery = new Delivery(Id, layer, Pages, userId, channel, now);
        _deliveries.Add(delivery);
        Raise(MessageEventKind.Delivered, now, Engine, layer: layer, recipientId: userId, channel: channel, delivery: delivery);
    }

    /// <summary>Layer 0 and its own page: never the key of a ladder page, so the unique delivery key holds it once.</summary>
    private void DeliverReminder(string userId, Channels channel, DateTimeOffset now)
    {
        var delivery = new Delivery(Id, 0, Delivery.ReminderPage, userId, channel, now);
        _deliveries.Add(delivery);
        Raise(MessageEventKind.Delivered, now, Engine, layer: 0, recipientId: userId, channel: channel, detail: "reminder", delivery: delivery);
    }

    private static string Words(TimeSpan span) =>
        span.TotalMinutes >= 60 && span.TotalMinutes % 60 == 0 ? $"{span.TotalHours:0} h" : $"{span.TotalMinutes:0} min";

    private void RequireLadder(Ladder ladder)
    {
        if (LadderId != ladder.Id)
        {
            throw new DomainException("A message climbs only the ladder version it started with.");
        }
    }

    private void Raise(MessageEventKind kind, DateTimeOffset at, string actor, int? layer = null, string? recipientId = null,
        Channels? channel = null, string? detail = null, Delivery? delivery = null) =>
        _events.Add(new MessageEvent(kind, Id, at, actor, layer, recipientId, channel, detail, delivery));

    private static IEnumerable<Channels> Split(Channels channels) =>
        Enum.GetValues<Channels>().Where(c => c != Channels.None && channels.HasFlag(c));
}
