namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>
/// A FHIR R4 Communication written back about a lab result: that its message was acknowledged, or closed. Derived
/// from committed message state by <see cref="CommunicationWriteBack"/>; (message, kind) is unique, so however many
/// nodes or retries derive it, there is one. <see cref="ResourceJson"/> is the resource as served and POSTed, written once.
/// </summary>
public sealed class LabCommunication
{
    private LabCommunication()
    {
        SourceName = About = ResourceJson = string.Empty;
    }

    public LabCommunication(Guid id, MessageId messageId, CommunicationKind kind, string sourceName, string about, string resourceJson, bool sourceHasBase, DateTimeOffset now)
    {
        Id = id;
        MessageId = messageId;
        Kind = kind;
        SourceName = sourceName;
        About = about;
        ResourceJson = resourceJson;
        CreatedAt = now.ToUniversalTime();
        State = sourceHasBase ? WriteBackState.Pending : WriteBackState.NotConfigured;
        NextAttemptAt = sourceHasBase ? CreatedAt : null;
    }

    public Guid Id { get; private set; }

    public MessageId MessageId { get; private set; }

    public CommunicationKind Kind { get; private set; }

    public string SourceName { get; private set; }

    /// <summary>"Observation/123": what GET /fhir/Communication?about= matches.</summary>
    public string About { get; private set; }

    public string ResourceJson { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public WriteBackState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Concurrency token: a node claims an attempt by moving it, so two nodes never POST the same attempt.</summary>
    public int Revision { get; private set; }

    /// <summary>Takes the next attempt; until <paramref name="leaseUntil"/> no other sweep will, even if this node dies mid-POST.</summary>
    public void Claim(DateTimeOffset leaseUntil)
    {
        NextAttemptAt = leaseUntil.ToUniversalTime();
        Revision++;
    }

    public void Delivered(DateTimeOffset now)
    {
        Attempts++;
        State = WriteBackState.Delivered;
        DeliveredAt = now.ToUniversalTime();
        NextAttemptAt = null;
        LastError = null;
        Revision++;
    }

    /// <summary>Records a failed attempt; returns true when it was the last one (the caller tells administrators).</summary>
    public bool AttemptFailed(string error, bool retryable, int maxAttempts, TimeSpan firstDelay, TimeSpan maxDelay, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        Revision++;
        if (!retryable || Attempts >= maxAttempts)
        {
            State = WriteBackState.Failed;
            NextAttemptAt = null;
            return true;
        }

        var delay = TimeSpan.FromTicks(Math.Min(maxDelay.Ticks, firstDelay.Ticks * (1L << Math.Min(Attempts - 1, 20))));
        NextAttemptAt = now.ToUniversalTime() + delay;
        return false;
    }
}
