using Escalation.Domain.Organisation;

namespace Escalation.Domain.Ladders;

/// <summary>
/// One rung of a ladder: the clinical role it addresses in the message's unit, how long it waits for an
/// acknowledgment, and how it reaches people. <see cref="Roles"/> is an ordered fallback ("attending, else on-call
/// physician"): the first role with somebody on duty receives the layer.
/// </summary>
public sealed record Layer
{
    public static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromHours(24);

    public Layer(IReadOnlyList<ClinicalRoleKind> roles, TimeSpan timeout, Channels channels)
    {
        if (roles is null || roles.Count == 0)
        {
            throw new DomainException("A layer addresses at least one clinical role.");
        }

        if (roles.Distinct().Count() != roles.Count)
        {
            throw new DomainException("A layer names each role once.");
        }

        if (timeout < ShortestTimeout || timeout > LongestTimeout)
        {
            throw new DomainException($"A layer's timeout is between {ShortestTimeout.TotalSeconds:0} seconds and {LongestTimeout.TotalHours:0} hours.");
        }

        if (!channels.HasFlag(Channels.Inbox))
        {
            throw new DomainException("Every layer delivers to the inbox: SMS and voice only point to it.");
        }

        Roles = roles.ToList();
        Timeout = timeout;
        Channels = channels;
    }

    public IReadOnlyList<ClinicalRoleKind> Roles { get; }

    public TimeSpan Timeout { get; }

    public Channels Channels { get; }

    public bool Equals(Layer? other) =>
        other is not null && Roles.SequenceEqual(other.Roles) && Timeout == other.Timeout && Channels == other.Channels;

    public override int GetHashCode() => HashCode.Combine(Roles.Count, Timeout, Channels);
}
