using Escalation.Infrastructure.LabResults;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>
/// The lab limits table while an administrator works on it: one row at a time is edited (or one new row added),
/// on a draft copy, so the rest of the table and the row on show stay as saved until the server accepts the draft.
/// A refused save keeps the draft open with what was typed; a cancel drops it.
/// </summary>
public sealed class LabLimitTableEditor
{
    private List<LabLimitRow> _saved = [];

    /// <summary>The row being edited or added; null while the table is only on show.</summary>
    public LabLimitRow? Draft { get; private set; }

    public bool IsEditing => Draft is not null;

    /// <summary>The rows to show: a new row's draft first, then the saved rows in the order the server gave them.</summary>
    public IReadOnlyList<LabLimitRow> Rows => Draft is { IsNew: true } draft ? [draft, .. _saved] : _saved;

    /// <summary>Shows the table as saved. An open draft stays open: a refused save must not lose what was typed.</summary>
    public void Load(IEnumerable<LabLimitView> views) => _saved = views.Select(LabLimitRow.From).ToList();

    /// <summary>The draft to edit in place of <paramref name="row"/>, or null when that row is only on show.</summary>
    public LabLimitRow? DraftFor(LabLimitRow row) =>
        Draft is null ? null
        : ReferenceEquals(row, Draft) || (row.Id is { } id && id == Draft.Id) ? Draft
        : null;

    /// <summary>Starts editing a saved row; refused while another row is open, so two half-edited rows never compete.</summary>
    public bool BeginEdit(LabLimitRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (IsEditing || row.IsNew)
        {
            return false;
        }

        Draft = row.Copy();
        return true;
    }

    /// <summary>Opens an empty, enabled row at the top of the table.</summary>
    public bool BeginAdd()
    {
        if (IsEditing)
        {
            return false;
        }

        Draft = new LabLimitRow { Enabled = true };
        return true;
    }

    /// <summary>Drops the draft: the row shows what was saved, and a new row disappears.</summary>
    public void Cancel() => Draft = null;

    /// <summary>The server took the draft: close it and show the table as it is now.</summary>
    public void Saved(IEnumerable<LabLimitView> views)
    {
        Draft = null;
        Load(views);
    }
}
