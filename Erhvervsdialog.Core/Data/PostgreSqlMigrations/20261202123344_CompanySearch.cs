using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Erhvervsdialog.Core.Data.PostgreSqlMigrations
{
    /// <summary>
    /// PostgreSQL's counterpart of SQLite's FTS5 table: a tsvector column on Companies with a GIN index, kept current by
    /// triggers. Its words are made as FTS5's unicode61 tokenizer makes them, by splitting name, CVR, P-numbers and
    /// address at every character that is not a letter or digit (ICU's classes, so æ, ø and å are letters) and lower-casing
    /// them; the words go in as they are, without a dictionary, so "ærø"* finds what it finds on SQLite.
    /// </summary>
    public partial class CompanySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "Companies" ADD COLUMN "SearchVector" tsvector NOT NULL DEFAULT ''::tsvector;

                CREATE FUNCTION company_search_vector(company_id integer, name text, cvr text, address text, postal_code text, city text)
                RETURNS tsvector LANGUAGE sql STABLE AS $$
                    SELECT array_to_tsvector(array_remove(regexp_split_to_array(lower(concat_ws(' ', name, cvr,
                        (SELECT string_agg(p."PNumber", ' ') FROM "ProductionUnits" p WHERE p."CompanyId" = company_id),
                        address, postal_code, city) COLLATE "und-x-icu"), '[^[:alnum:]]+'), ''))
                $$;

                CREATE FUNCTION companies_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."SearchVector" := company_search_vector(NEW."Id", NEW."Name", NEW."Cvr", NEW."Address", NEW."PostalCode", NEW."City");
                    RETURN NEW;
                END $$;

                CREATE TRIGGER companies_search BEFORE INSERT OR UPDATE OF "Name", "Cvr", "Address", "PostalCode", "City"
                    ON "Companies" FOR EACH ROW EXECUTE FUNCTION companies_search_trigger();

                CREATE FUNCTION production_units_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Companies" c
                    SET "SearchVector" = company_search_vector(c."Id", c."Name", c."Cvr", c."Address", c."PostalCode", c."City")
                    WHERE c."Id" IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW."CompanyId" END, CASE WHEN TG_OP <> 'INSERT' THEN OLD."CompanyId" END);
                    RETURN NULL;
                END $$;

                CREATE TRIGGER production_units_search AFTER INSERT OR UPDATE OF "PNumber", "CompanyId" OR DELETE
                    ON "ProductionUnits" FOR EACH ROW EXECUTE FUNCTION production_units_search_trigger();

                UPDATE "Companies" c
                SET "SearchVector" = company_search_vector(c."Id", c."Name", c."Cvr", c."Address", c."PostalCode", c."City");

                CREATE INDEX "IX_Companies_SearchVector" ON "Companies" USING gin ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS production_units_search ON "ProductionUnits";
                DROP FUNCTION IF EXISTS production_units_search_trigger();
                DROP TRIGGER IF EXISTS companies_search ON "Companies";
                DROP FUNCTION IF EXISTS companies_search_trigger();
                DROP FUNCTION IF EXISTS company_search_vector(integer, text, text, text, text, text);
                ALTER TABLE "Companies" DROP COLUMN IF EXISTS "SearchVector";
                """);
        }
    }
}
