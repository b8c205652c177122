namespace Escalation.Infrastructure.Compliance.Exports;

/// <summary>The messages of an export with their deliveries, highest layer, first delivery and first read: the Messages and Exceptions workbooks read them.</summary>
internal static class MessageRows
{
    public sealed record Row(Message Message, IReadOnlyList<Delivery> Deliveries, int HighestLayer, DateTimeOffset? FirstDelivered, DateTimeOffset? FirstRead);

    public static async Task<List<Row>> LoadAsync(EscalationDbContext db, ExportFilter filter, CancellationToken cancellationToken)
    {
        var messages = await ExportContext.ScopedMessages(db, filter).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        var ids = messages.Select(m => m.Id).ToList();
        var deliveries = new List<Delivery>();
        foreach (var chunk in ids.Chunk(500))
        {
            deliveries.AddRange(await db.Deliveries.AsNoTracking().Where(d => chunk.Contains(d.MessageId)).ToListAsync(cancellationToken));
        }

        var byMessage = deliveries.GroupBy(d => d.MessageId).ToDictionary(g => g.Key, g => g.ToList());
        return messages.Select(m =>
        {
            var its = byMessage.GetValueOrDefault(m.Id) ?? [];
            return new Row(m, its, Math.Max(m.CurrentLayer, its.Count == 0 ? 0 : its.Max(d => d.Layer)),
                its.Count == 0 ? null : its.Min(d => d.DeliveredAt), its.Where(d => d.ReadAt != null).Select(d => d.ReadAt).Min());
        }).ToList();
    }

    /// <summary>How a message ended, in words.</summary>
    public static string Outcome(Message message) => message.State switch
    {
        MessageState.Closed => $"Closed: {message.Outcome}",
        MessageState.Acknowledged => "Acknowledged",
        _ => message.IsExhausted ? "Open: exhausted, re-paging" : "Open",
    };
}
