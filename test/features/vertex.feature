Feature: Step - V(), E(), out(), in(), both(), outE(), inE(), bothE(), outV(), inV(), bothV(), otherV()

  Scenario: g_V
    Given the modern graph
    And the traversal of
      """
      g.V()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[lop] |
      | v[josh] |
      | v[ripple] |
      | v[peter] |

  Scenario: g_E
    Given the modern graph
    And the traversal of
      """
      g.E()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |
      | e[marko-knows->josh] |
      | e[marko-created->lop] |
      | e[josh-created->ripple] |
      | e[josh-created->lop] |
      | e[peter-created->lop] |

  Scenario: g_VXv1X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_VXv1_v2X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid1, vid2)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |

  Scenario: g_VXlistX
    Given the modern graph
    And using the parameter ids defined as "l[v[josh].id,v[peter].id]"
    And the traversal of
      """
      g.V(ids)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |
      | v[peter] |

  Scenario: g_VXv1X_out
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |

  Scenario: g_VXv2X_in
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).in()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_VXv4X_both
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).both()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_V_out
    Given the modern graph
    And the traversal of
      """
      g.V().out()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |
      | v[ripple] |
      | v[lop] |
      | v[lop] |

  Scenario: g_V_in
    Given the modern graph
    And the traversal of
      """
      g.V().in()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[marko] |
      | v[marko] |
      | v[josh] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_both_count
    Given the modern graph
    And the traversal of
      """
      g.V().both().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[12].l |

  Scenario: g_V_outXknowsX
    Given the modern graph
    And the traversal of
      """
      g.V().out('knows')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |

  Scenario: g_V_outXcreatedX
    Given the modern graph
    And the traversal of
      """
      g.V().out('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |
      | v[lop] |
      | v[lop] |

  Scenario: g_V_inXcreatedX
    Given the modern graph
    And the traversal of
      """
      g.V().in('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[josh] |
      | v[peter] |

  Scenario: g_VXv1X_outXknows_createdX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out('knows', 'created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |

  Scenario: g_VXv6X_bothXknowsX
    Given the modern graph
    And using the parameter vid6 defined as "v[peter].id"
    And the traversal of
      """
      g.V(vid6).both('knows')
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv2X_out
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).out()
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv1X_outE
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |
      | e[marko-knows->josh] |
      | e[marko-created->lop] |

  Scenario: g_VXv1X_outEXknowsX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE('knows')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |
      | e[marko-knows->josh] |

  Scenario: g_VXv3X_inE
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).inE()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-created->lop] |
      | e[josh-created->lop] |
      | e[peter-created->lop] |

  Scenario: g_VXv4X_bothE
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).bothE()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->josh] |
      | e[josh-created->ripple] |
      | e[josh-created->lop] |

  Scenario: g_VXv4X_bothEXcreatedX
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).bothE('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[josh-created->ripple] |
      | e[josh-created->lop] |

  Scenario: g_VXv2X_outE
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).outE()
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv1X_outE_inV
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().inV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |

  Scenario: g_VXv1X_outE_outV
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().outV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[marko] |
      | v[marko] |

  Scenario: g_VXv3X_inE_outV
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).inE().outV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_VXv4X_bothE_otherV
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).bothE().otherV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_bothE_otherV
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).bothE().otherV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |

  Scenario: g_VXv4X_bothE_bothV
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).bothE().bothV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[josh] |
      | v[ripple] |
      | v[josh] |
      | v[lop] |

  Scenario: g_VXv1X_out_out
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().out()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_out_out_out
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().out().out()
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv3X_inXcreatedX_outXcreatedX
    Given the modern graph
    And using the parameter vid3 defined as "v[lop].id"
    And the traversal of
      """
      g.V(vid3).in('created').out('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |
      | v[lop] |
      | v[lop] |

  Scenario: g_VXv1X_outXcreatedX_inXcreatedX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out('created').in('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_EXe7X
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |

  Scenario: g_EXe7X_outV
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).outV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_EXe7X_inV
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).inV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |

  Scenario: g_EXe7X_bothV
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).bothV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |

  Scenario: g_VXv2X_inE_otherV
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).inE().otherV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |

  Scenario: g_E_hasLabelXknowsX
    Given the modern graph
    And the traversal of
      """
      g.E().hasLabel('knows')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |
      | e[marko-knows->josh] |

  Scenario: g_V_outE_count
    Given the modern graph
    And the traversal of
      """
      g.V().outE().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_both_both_count
    Given the modern graph
    And the traversal of
      """
      g.V().both().both().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[30].l |

  Scenario: g_VXv5X_inXcreatedX
    Given the modern graph
    And using the parameter vid5 defined as "v[ripple].id"
    And the traversal of
      """
      g.V(vid5).in('created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |

  Scenario: g_V_outE_hasXweight_1X_inV
    Given the modern graph
    And the traversal of
      """
      g.V().outE().has('weight', 1.0d).inV()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[josh] |
      | v[ripple] |

  Scenario: g_VXv1X_toXOUT_knowsX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).to(Direction.OUT, 'knows')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |

  Scenario: g_VXv4X_toEXBOTH_createdX
    Given the modern graph
    And using the parameter vid4 defined as "v[josh].id"
    And the traversal of
      """
      g.V(vid4).toE(Direction.BOTH, 'created')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[josh-created->ripple] |
      | e[josh-created->lop] |

  Scenario: g_VXv1X_V_count
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).V().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_hasLabelXsoftwareX_inE_outV_dedup
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').inE().outV().dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |
