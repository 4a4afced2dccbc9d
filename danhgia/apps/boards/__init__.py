"""The boards of the procedure's later steps: verification, decision, complaints, the organisation view and
the administration of cycles."""
