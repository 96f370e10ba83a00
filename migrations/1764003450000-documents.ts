import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents: files attached to an award (the grant agreement), to a condition (evidence that it
 * is met) or to a reporting period's monitoring return. The bytes live in the file store
 * (libs/platform/src/files); a row holds the random storage key, the detected media type, size,
 * SHA-256 and the user's file name as metadata only.
 *
 * The parent is a real foreign key, one nullable column per kind, with `parent_kind` and a CHECK
 * saying exactly which is set, rather than a polymorphic id: the database then knows every
 * document's parent, and row-level security and deletes follow the keys. `award_id` is always
 * set (an award's own document, or the award of the condition or period), checked against the
 * parent by trigger, so the partner policy and the award's list need no join.
 *
 * docs/design.md#invariant-7 (a submitted return version is immutable) extends to its attachments:
 * attachments are added to the return's working draft (`return_version_id` null); submitting
 * freezes a version, and the trigger on `return_version` hands it every draft attachment of the
 * period in the same transaction. After that a document of a version never changes and is never
 * deleted; a later upload belongs to the next draft. An upload committed while a submission is
 * under way lands in one or the other, never in a version after it was frozen.
 *
 * docs/design.md#invariant-8: partners get SELECT and INSERT here, and UPDATE of `return_version_id`
 * only (the freezing trigger runs as the submitting partner); the policy keeps them to their own
 * awards' documents, and lets them add only condition evidence and return attachments.
 */
export class Documents1764003450000 implements MigrationInterface {
  name = 'Documents1764003450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id),
        parent_kind text NOT NULL CHECK (parent_kind IN ('award','condition','return')),
        award_condition_id uuid REFERENCES award_condition (id),
        reporting_period_id uuid REFERENCES reporting_period (id),
        return_version_id uuid REFERENCES return_version (id),
        purpose text NOT NULL CHECK (purpose IN ('grant_agreement','condition_evidence','return_attachment','other')),
        title text CHECK (title IS NULL OR char_length(btrim(title)) BETWEEN 1 AND 200),
        storage_key text NOT NULL UNIQUE CHECK (storage_key ~ '^[0-9a-f]{2}/[0-9a-f]{64}$'),
        original_name text NOT NULL CHECK (char_length(original_name) BETWEEN 1 AND 200),
        media_type text NOT NULL CHECK (media_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by_user_id uuid NOT NULL REFERENCES app_user (id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT document_one_parent CHECK (CASE parent_kind
          WHEN 'award' THEN award_condition_id IS NULL AND reporting_period_id IS NULL
          WHEN 'condition' THEN award_condition_id IS NOT NULL AND reporting_period_id IS NULL
          ELSE reporting_period_id IS NOT NULL AND award_condition_id IS NULL END),
        CONSTRAINT document_version_of_return CHECK (return_version_id IS NULL OR parent_kind = 'return'),
        CONSTRAINT document_purpose_fits_parent CHECK (purpose = 'other' OR purpose = CASE parent_kind
          WHEN 'award' THEN 'grant_agreement' WHEN 'condition' THEN 'condition_evidence' ELSE 'return_attachment' END)
      );
      CREATE INDEX document_award_idx ON document (award_id, uploaded_at);
      CREATE INDEX document_condition_idx ON document (award_condition_id, uploaded_at) WHERE award_condition_id IS NOT NULL;
      CREATE INDEX document_period_idx ON document (reporting_period_id, uploaded_at) WHERE reporting_period_id IS NOT NULL;

      -- award_id is the parent's award; a document is written once; a document of a submitted
      -- version is frozen with it (docs/design.md#invariant-7).
      CREATE FUNCTION document_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF (NEW.award_condition_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM award_condition c WHERE c.id = NEW.award_condition_id AND c.award_id = NEW.award_id))
             OR (NEW.reporting_period_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reporting_period p WHERE p.id = NEW.reporting_period_id AND p.award_id = NEW.award_id)) THEN
            RAISE EXCEPTION 'a document''s award must be its parent''s award' USING ERRCODE = 'check_violation', CONSTRAINT = 'document_award_matches_parent';
          END IF;
          IF NEW.return_version_id IS NOT NULL THEN
            RAISE EXCEPTION 'documents join a return version only when it is submitted' USING ERRCODE = 'RF008';
          END IF;
          RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' THEN
          IF OLD.return_version_id IS NOT NULL THEN
            RAISE EXCEPTION 'document % belongs to a submitted return version and cannot be removed', OLD.id USING ERRCODE = 'RF008';
          END IF;
          RETURN OLD;
        END IF;
        -- The one change allowed: a draft attachment joining the version submitted in this transaction.
        IF OLD.return_version_id IS NOT NULL OR NEW.return_version_id IS NULL
           OR (to_jsonb(NEW) - 'return_version_id') IS DISTINCT FROM (to_jsonb(OLD) - 'return_version_id')
           OR NOT EXISTS (SELECT 1 FROM return_version v JOIN monitoring_return r ON r.id = v.monitoring_return_id
                           WHERE v.id = NEW.return_version_id AND r.reporting_period_id = OLD.reporting_period_id
                             AND v.xmin = (pg_current_xact_id()::text::bigint % 4294967296)::text::xid) THEN
          RAISE EXCEPTION 'document % is written once; only a draft attachment joins the version submitted with it', OLD.id USING ERRCODE = 'RF008';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER document_guard BEFORE INSERT OR UPDATE OR DELETE ON document
        FOR EACH ROW EXECUTE FUNCTION document_guard();

      -- Submitting a return freezes its draft attachments into the new version, in the same transaction.
      CREATE FUNCTION return_version_takes_draft_documents() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE document d SET return_version_id = NEW.id
          FROM monitoring_return r
         WHERE r.id = NEW.monitoring_return_id AND d.reporting_period_id = r.reporting_period_id AND d.return_version_id IS NULL;
        RETURN NULL;
      END $$;
      CREATE TRIGGER return_version_takes_draft_documents AFTER INSERT ON return_version
        FOR EACH ROW EXECUTE FUNCTION return_version_takes_draft_documents();

      GRANT SELECT, INSERT ON document TO ringfence_partner;
      GRANT UPDATE (return_version_id) ON document TO ringfence_partner;
      ALTER TABLE document ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON document
        USING (NOT rf_is_partner() OR award_id IN (SELECT id FROM award))
        WITH CHECK (NOT rf_is_partner() OR (award_id IN (SELECT id FROM award) AND parent_kind IN ('condition','return')));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS return_version_takes_draft_documents ON return_version;
      DROP TABLE IF EXISTS document;
      DROP FUNCTION IF EXISTS return_version_takes_draft_documents(), document_guard();
    `);
  }
}
