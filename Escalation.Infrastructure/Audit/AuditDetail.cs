namespace Escalation.Infrastructure.Audit;

/// <summary>
/// The one form in which an audit entry's detail names the person a step was for ("SMS, attempt 1; recipient
/// u-42"). The recipient stays in the detail because the detail is what the hash chain covers; the writers put it
/// there only through <see cref="WithRecipient"/>, and the read side takes it back out only through
/// <see cref="Split"/>, so a timeline gets the recipient as data and no page reads it out of text.
/// </summary>
public static class AuditDetail
{
    private const string Separator = "; ";
    private const string Marker = "recipient ";

    /// <summary>The detail with the recipient appended, or the detail alone when the step was for nobody in particular.</summary>
    public static string? WithRecipient(string? detail, string? recipientId) =>
        string.IsNullOrEmpty(recipientId) ? detail
        : string.IsNullOrEmpty(detail) ? Marker + recipientId
        : detail + Separator + Marker + recipientId;

    /// <summary>The detail without its recipient, and the recipient's id (null when the entry names none).</summary>
    public static (string? Detail, string? RecipientId) Split(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return (stored, null);
        }

        if (stored.StartsWith(Marker, StringComparison.Ordinal) && !stored.Contains(Separator, StringComparison.Ordinal))
        {
            return (null, stored[Marker.Length..]);
        }

        var at = stored.LastIndexOf(Separator + Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return (stored, null);
        }

        var recipient = stored[(at + Separator.Length + Marker.Length)..];
        return recipient.Length == 0 ? (stored, null) : (stored[..at], recipient);
    }
}
