namespace Escalation.Tests.Support;

/// <summary>One GET the fake FHIR server received: the path under its base and the headers the client sent.</summary>
public sealed record FakeFhirRequest(string Path, string Authorization, string Accept);

/// <summary>One resource POSTed to the fake FHIR server, with the headers a write-back must send.</summary>
public sealed record FakeFhirPost(string Method, string Path, string? Authorization, string? ContentType, string? IfNoneExist, string Body);
