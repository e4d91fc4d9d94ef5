namespace Erhvervsdialog.Core.Users;

/// <summary>The role names are Danish because they are what users and administrators see.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Director = "Direktør";
    public const string Manager = "Leder";
    public const string Consultant = "Konsulent";
    public const string CaseWorker = "Sagsbehandler";

    public static readonly IReadOnlyList<string> All = [Administrator, Director, Manager, Consultant, CaseWorker];
}
