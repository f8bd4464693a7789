"""REST API for claims, quotes and speakers; ClaimReview and Fact Check Tools interop."""
