namespace Escalation.Domain.Messages;

/// <summary>How urgent a message is. Only Critical and Urgent climb a ladder.</summary>
public enum Tier
{
    /// <summary>Patient safety: critical lab values, deterioration.</summary>
    Critical,

    /// <summary>Medication changes, procedures within four hours.</summary>
    Urgent,

    /// <summary>Care coordination: waits for its recipient and never escalates.</summary>
    Routine,
}
