"""The action-plan table: header → columns → rows → cells → marks → sections → stitch."""
