namespace Escalation.Web.Components.Pages.Board;

/// <summary>A charge nurse picked somebody to hand a board row's message to.</summary>
public sealed record BoardReassignment(BoardRowModel Row, string PersonId);
