using Escalation.Domain.Ladders;

namespace Escalation.Tests.Domain;

/// <summary>
/// A <see cref="Message"/> with sensible defaults (an Urgent manual message on a default ladder, created by a
/// sender at the test clock's instant), so each test names only what it is about:
/// <c>new MessageBuilder().Critical().OnLadder(ladder).Build()</c>.
/// </summary>
public sealed class MessageBuilder
{
    public const string Sender = "user:sender";

    private Tier _tier = Tier.Urgent;
    private Ladder? _ladder;
    private bool _escalates = true;
    private bool _requiresAck;
    private string _subject = "K+ 6.9 mmol/L";
    private string? _externalId;
    private MessageSource _source = MessageSource.Manual;
    private DateTimeOffset _at = new TestClock().GetUtcNow();
    private IReadOnlyList<string>? _broadcastTo;

    public MessageBuilder Critical() => WithTier(Tier.Critical);

    public MessageBuilder Urgent() => WithTier(Tier.Urgent);

    public MessageBuilder Routine() => WithTier(Tier.Routine);

    public MessageBuilder WithTier(Tier tier) => With(() => _tier = tier);

    public MessageBuilder OnLadder(Ladder ladder) => With(() => _ladder = ladder);

    /// <summary>As a tier policy that does not escalate (the message waits on its first layer).</summary>
    public MessageBuilder NotEscalating() => With(() => _escalates = false);

    /// <summary>As a tier policy that asks for an acknowledgment (Critical always does).</summary>
    public MessageBuilder RequiringAck() => With(() => _requiresAck = true);

    public MessageBuilder WithSubject(string subject) => With(() => _subject = subject);

    public MessageBuilder WithExternalId(string? externalId) => With(() => _externalId = externalId);

    public MessageBuilder From(MessageSource source) => With(() => _source = source);

    public MessageBuilder At(DateTimeOffset at) => With(() => _at = at);

    /// <summary>A broadcast to these people (each tracked), instead of a message that climbs a ladder.</summary>
    public MessageBuilder BroadcastTo(params string[] recipients) => With(() => _broadcastTo = recipients);

    public Message Build()
    {
        var draft = new MessageDraft(_tier, _subject, new ProtectedText("cipher:body"), null, _source, _externalId, new UnitId(Guid.Empty));
        return _broadcastTo is { } recipients
            ? Message.CreateBroadcast(draft, new ClinicalRoleId(Guid.Empty), recipients, Sender, _at)
            : Message.Create(draft, _ladder ?? Ladder.Create("Urgent", Ladder.Defaults.Urgent, "seed", _at), _escalates, _requiresAck, Sender, _at);
    }

    private MessageBuilder With(Action set)
    {
        set();
        return this;
    }
}

/// <summary>Who holds which role right now, as the engine's roster would answer: changed by the test between steps.</summary>
public sealed class DutyRoster
{
    private readonly Dictionary<ClinicalRoleKind, string[]> _holders = [];

    public DutyRoster OnDuty(ClinicalRoleKind role, params string[] userIds)
    {
        _holders[role] = userIds;
        return this;
    }

    public DutyRoster OffDuty(ClinicalRoleKind role)
    {
        _holders.Remove(role);
        return this;
    }

    /// <summary>The first of the layer's roles that anyone holds, like the real roster.</summary>
    public LayerRecipients Resolve(IReadOnlyList<ClinicalRoleKind> roles)
    {
        foreach (var role in roles)
        {
            if (_holders.TryGetValue(role, out var users) && users.Length > 0)
            {
                return new LayerRecipients(role, users);
            }
        }

        return LayerRecipients.Nobody;
    }
}
