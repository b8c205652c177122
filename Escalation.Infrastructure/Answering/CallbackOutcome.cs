using Escalation.Domain.Common;

namespace Escalation.Infrastructure.Answering;

/// <summary>What pressing "Call back" came to: the logged call, or why none was placed (<see cref="Result.Code"/>).</summary>
public sealed record CallbackOutcome(Result Result, CallbackView? Call);
