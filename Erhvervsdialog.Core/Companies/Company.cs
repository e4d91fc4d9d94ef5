using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Users;

namespace Erhvervsdialog.Core.Companies;

public enum CompanyStatus
{
    Active = 0,
    Ceased = 1,
}

/// <summary>Employee bands as the CVR register reports them.</summary>
public enum EmployeeBand
{
    Unknown = 0,
    None = 1,
    From1To4 = 2,
    From5To9 = 3,
    From10To19 = 4,
    From20To49 = 5,
    From50To99 = 6,
    From100To199 = 7,
    From200To499 = 8,
    From500To999 = 9,
    From1000 = 10,
}

public static class EmployeeBands
{
    /// <summary>
    /// The band for a number of employees ("12") or an interval as registers write it ("10-19", "10–19 ansatte",
    /// "ANTAL_10_19", "1000+"): the band of its lower bound. Null when it is neither.
    /// </summary>
    public static EmployeeBand? Parse(string text)
    {
        var digits = new string([.. text.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit)]);
        if (digits.Length == 0 || digits.Length > 9 || text.Any(char.IsLetter) && !IsIntervalText(text))
        {
            return null;
        }
        return int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) switch
        {
            0 => EmployeeBand.None,
            < 5 => EmployeeBand.From1To4,
            < 10 => EmployeeBand.From5To9,
            < 20 => EmployeeBand.From10To19,
            < 50 => EmployeeBand.From20To49,
            < 100 => EmployeeBand.From50To99,
            < 200 => EmployeeBand.From100To199,
            < 500 => EmployeeBand.From200To499,
            < 1000 => EmployeeBand.From500To999,
            _ => EmployeeBand.From1000,
        };
    }

    private static bool IsIntervalText(string text)
    {
        var letters = new string([.. text.ToLowerInvariant().Where(char.IsLetter)]);
        return letters is "antal" or "ansatte" or "antalansatte" or "medarbejdere" or "årsværk";
    }
}

public class Company : AuditedEntity
{
    public int Id { get; set; }
    public string Cvr { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Danish sort key of <see cref="Name"/>, kept by the context; see <see cref="Data.DanishCollation"/>.</summary>
    public byte[] NameSortKey { get; set; } = [];
    public string? Address { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? IndustryCode { get; set; }
    public string? IndustryText { get; set; }
    public EmployeeBand EmployeeBand { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? KeyAccountConsultantId { get; set; }
    public AppUser? KeyAccountConsultant { get; set; }
    public List<string> Tags { get; set; } = [];
    public bool AdvertisingProtection { get; set; }
    /// <summary>The company asked not to be surveyed again (one click on the answer page).</summary>
    public bool SurveyOptOut { get; set; }
    public CompanyStatus Status { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public List<ProductionUnit> ProductionUnits { get; set; } = [];
    public List<ContactPerson> ContactPersons { get; set; } = [];
}

public class ProductionUnit
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public string PNumber { get; set; } = "";
    public string? Name { get; set; }
    public string? Address { get; set; }
}

public class ContactPerson : AuditedEntity
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Email { get; set; }
    /// <summary>E.164, e.g. +4512345678.</summary>
    public string? Mobile { get; set; }
    /// <summary>"Må ikke kontaktes om målinger".</summary>
    public bool SurveyOptOut { get; set; }
}
