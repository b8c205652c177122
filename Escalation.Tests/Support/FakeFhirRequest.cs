namespace Escalation.Tests.Support;

/// <summary>One GET the fake FHIR server received: the path under its base and the headers the client sent.</summary>
public sealed record FakeFhirRequest(string Path, string Authorization, string Accept);
