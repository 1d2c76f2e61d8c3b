package dev.graduation.embedded;

/**
 * One version of a subject: what the registry stores in {@code _schemas} and answers with.
 *
 * @param subject the subject, e.g. {@code api-calls-value}
 * @param version 1, 2, ... within the subject
 * @param id the global schema id, shared by every subject that registered the same schema
 * @param schema the schema in Avro's normalised JSON form
 * @param deleted soft-deleted: hidden from lookups and compatibility checks, its id still served,
 *     its number never given again until it is deleted for good
 */
record RegisteredSchema(String subject, int version, int id, String schema, boolean deleted) {

  RegisteredSchema softDeleted() {
    return new RegisteredSchema(subject, version, id, schema, true);
  }
}
