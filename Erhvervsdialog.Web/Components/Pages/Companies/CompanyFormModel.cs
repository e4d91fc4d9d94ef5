using Erhvervsdialog.Core.Companies;

namespace Erhvervsdialog.Web.Components.Pages.Companies;

/// <summary>What the company form edits; turned into a <see cref="SaveCompanyCommand"/> on save.</summary>
public sealed class CompanyFormModel
{
    public int Id { get; set; }
    public long Version { get; set; }
    public string? Cvr { get; set; }
    public string? Name { get; set; }
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
    public string? TagsText { get; set; }
    public bool AdvertisingProtection { get; set; }
    public CompanyStatus Status { get; set; }
    public List<ProductionUnitModel> ProductionUnits { get; set; } = [];

    public sealed class ProductionUnitModel
    {
        public string? PNumber { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
    }

    public static CompanyFormModel From(Company company) => new()
    {
        Id = company.Id,
        Version = company.Version,
        Cvr = company.Cvr,
        Name = company.Name,
        Address = company.Address,
        PostalCode = company.PostalCode,
        City = company.City,
        IndustryCode = company.IndustryCode,
        IndustryText = company.IndustryText,
        EmployeeBand = company.EmployeeBand,
        Phone = company.Phone,
        Email = company.Email,
        Website = company.Website,
        KeyAccountConsultantId = company.KeyAccountConsultantId,
        TagsText = string.Join(", ", company.Tags),
        AdvertisingProtection = company.AdvertisingProtection,
        Status = company.Status,
        ProductionUnits = company.ProductionUnits
            .Select(p => new ProductionUnitModel { PNumber = p.PNumber, Name = p.Name, Address = p.Address }).ToList(),
    };

    public SaveCompanyCommand ToCommand() => new()
    {
        Id = Id,
        Version = Version,
        Cvr = Cvr,
        Name = Name,
        Address = Address,
        PostalCode = PostalCode,
        City = City,
        IndustryCode = IndustryCode,
        IndustryText = IndustryText,
        EmployeeBand = EmployeeBand,
        Phone = Phone,
        Email = Email,
        Website = Website,
        KeyAccountConsultantId = KeyAccountConsultantId,
        Tags = (TagsText ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        AdvertisingProtection = AdvertisingProtection,
        Status = Status,
        ProductionUnits = ProductionUnits.Select(p => new ProductionUnitInput(p.PNumber ?? "", p.Name, p.Address)).ToList(),
    };
}
