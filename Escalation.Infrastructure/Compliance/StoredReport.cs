namespace Escalation.Infrastructure.Compliance;

/// <summary>
/// A generated workbook kept in the database, so every node can serve it: the weekly exception reports (one per
/// kind and period, unique, so a weekly report is made once even when two nodes wake for it) and, for an hour, the
/// workbooks the compliance page made for one person (<see cref="ExportDownloads"/>).
/// </summary>
public sealed class StoredReport
{
    public const string WeeklyExceptions = "weekly-exceptions";

    private StoredReport()
    {
        Kind = Title = FileName = CreatedBy = string.Empty;
        Content = [];
    }

    public StoredReport(string kind, string title, string fileName, DateTimeOffset periodFrom, DateTimeOffset periodTo, byte[] content, long rows, bool chainIntact, string createdBy, DateTimeOffset now)
        : this(Guid.NewGuid(), kind, title, fileName, periodFrom, periodTo, content, rows, chainIntact, createdBy, now)
    {
    }

    /// <summary>With its id chosen by the caller: an <see cref="ExportDownloads"/> download's kind carries it.</summary>
    internal StoredReport(Guid id, string kind, string title, string fileName, DateTimeOffset periodFrom, DateTimeOffset periodTo, byte[] content, long rows, bool chainIntact, string createdBy, DateTimeOffset now)
    {
        Id = id;
        Kind = kind;
        Title = title;
        FileName = fileName;
        PeriodFrom = periodFrom;
        PeriodTo = periodTo;
        Content = content;
        Rows = rows;
        ChainIntact = chainIntact;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Kind { get; private set; }

    public string Title { get; private set; }

    public string FileName { get; private set; }

    public DateTimeOffset PeriodFrom { get; private set; }

    public DateTimeOffset PeriodTo { get; private set; }

    public byte[] Content { get; private set; }

    public long Rows { get; private set; }

    public bool ChainIntact { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
