Feature: Step - order(), limit(), range(), skip(), tail(), dedup()

  Scenario: g_V_valuesXnameX_order
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | josh |
      | lop |
      | marko |
      | peter |
      | ripple |
      | vadas |

  Scenario: g_V_valuesXnameX_order_byXdescX
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().by(Order.desc)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | vadas |
      | ripple |
      | peter |
      | marko |
      | lop |
      | josh |

  Scenario: g_V_valuesXnameX_order_byXascX
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().by(Order.asc)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | josh |
      | lop |
      | marko |
      | peter |
      | ripple |
      | vadas |

  Scenario: g_V_hasLabelXpersonX_order_byXageX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by('age')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | v[vadas] |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_hasLabelXpersonX_order_byXage_descX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by('age', Order.desc)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | v[peter] |
      | v[josh] |
      | v[marko] |
      | v[vadas] |

  Scenario: g_V_hasLabelXpersonX_order_byXage_descX_short
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by('age', desc).values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | peter |
      | josh |
      | marko |
      | vadas |

  Scenario: g_V_order_byXname_ascX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().order().by('name', Order.asc).values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | josh |
      | lop |
      | marko |
      | peter |
      | ripple |
      | vadas |

  Scenario: g_V_hasLabelXpersonX_order_byXnameX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by('name').values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | josh |
      | marko |
      | peter |
      | vadas |

  Scenario: g_V_hasLabelXsoftwareX_order_byXname_descX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').order().by('name', Order.desc).values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | ripple |
      | lop |

  Scenario: g_V_hasLabelXpersonX_order_byXvaluesXageX_descX_valuesXageX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by(__.values('age'), Order.desc).values('age')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[35].i |
      | d[32].i |
      | d[29].i |
      | d[27].i |

  Scenario: g_E_order_byXweightX_valuesXweightX
    Given the modern graph
    And the traversal of
      """
      g.E().order().by('weight').values('weight')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[0.2].d |
      | d[0.4].d |
      | d[0.4].d |
      | d[0.5].d |
      | d[1.0].d |
      | d[1.0].d |

  Scenario: g_V_hasLabelXpersonX_order_byXoutE_count_descX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by(__.outE().count(), Order.desc).by('name').values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | marko |
      | josh |
      | peter |
      | vadas |

  Scenario: g_E_order_byXweight_descX_byXoutV_nameX
    Given the modern graph
    And the traversal of
      """
      g.E().order().by('weight', Order.desc).by(__.outV().values('name'))
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | e[josh-created->ripple] |
      | e[marko-knows->josh] |
      | e[marko-knows->vadas] |
      | e[josh-created->lop] |
      | e[marko-created->lop] |
      | e[peter-created->lop] |

  Scenario: g_V_order_byXlabelX_byXname_descX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().order().by(T.label).by('name', Order.desc).values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | vadas |
      | peter |
      | marko |
      | josh |
      | ripple |
      | lop |

  Scenario: g_V_order_byXshuffleX
    Given the modern graph
    And the traversal of
      """
      g.V().order().by(Order.shuffle)
      """
    When iterated to list
    Then the result should have a count of 6

  Scenario: g_injectX3_1_2X_order
    Given the modern graph
    And the traversal of
      """
      g.inject(3, 1, 2).order()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[1].i |
      | d[2].i |
      | d[3].i |

  Scenario: g_injectXb_a_cX_order_byXdescX
    Given the modern graph
    And the traversal of
      """
      g.inject('b', 'a', 'c').order().by(Order.desc)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | c |
      | b |
      | a |

  Scenario: g_V_valuesXageX_fold_orderXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().order(Scope.local)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | l[d[27].i,d[29].i,d[32].i,d[35].i] |

  Scenario: g_V_valuesXageX_fold_orderXlocalX_byXdescX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().order(Scope.local).by(Order.desc)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | l[d[35].i,d[32].i,d[29].i,d[27].i] |

  Scenario: g_V_valuesXageX_order_fold
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').order().fold()
      """
    When iterated next
    Then the result should be ordered
      | result |
      | d[27].i |
      | d[29].i |
      | d[32].i |
      | d[35].i |

  Scenario: g_V_groupCount_byXlabelX_orderXlocalX_byXvalues_descX_unfold
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label).order(Scope.local).by(Column.values, Order.desc).unfold()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | m[{"person": "d[4].l"}] |
      | m[{"software": "d[2].l"}] |

  Scenario: g_V_valuesXnameX_order_byXdescX_limitX3X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().by(Order.desc).limit(3)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | vadas |
      | ripple |
      | peter |

  Scenario: g_V_hasLabelXpersonX_order_byXage_descX_limitX2X_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').order().by('age', Order.desc).limit(2).values('name')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | peter |
      | josh |

  Scenario: g_V_valuesXageX_order_limitX1X
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').order().limit(1)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[27].i |

  Scenario: g_V_limitX2X
    Given the modern graph
    And the traversal of
      """
      g.V().limit(2)
      """
    When iterated to list
    Then the result should have a count of 2

  Scenario: g_V_limitX0X
    Given the modern graph
    And the traversal of
      """
      g.V().limit(0)
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_limitX10X_count
    Given the modern graph
    And the traversal of
      """
      g.V().limit(10).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_VXv1X_out_limitX2X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().limit(2)
      """
    When iterated to list
    Then the result should have a count of 2

  Scenario: g_V_valuesXnameX_order_rangeX1_3X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().range(1, 3)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | lop |
      | marko |

  Scenario: g_V_valuesXnameX_order_rangeX4_neg1X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().range(4, -1)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | ripple |
      | vadas |

  Scenario: g_V_valuesXnameX_order_rangeX6_8X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().range(6, 8)
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_valuesXnameX_order_skipX4X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().skip(4)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | ripple |
      | vadas |

  Scenario: g_V_valuesXnameX_order_skipX10X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().skip(10)
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_valuesXnameX_order_tail
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().tail()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | vadas |

  Scenario: g_V_valuesXnameX_order_tailX2X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().tail(2)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | ripple |
      | vadas |

  Scenario: g_V_valuesXnameX_order_tailX10X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().tail(10)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | josh |
      | lop |
      | marko |
      | peter |
      | ripple |
      | vadas |

  Scenario: g_V_valuesXageX_order_byXdescX_skipX1X_limitX2X
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').order().by(Order.desc).skip(1).limit(2)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[32].i |
      | d[29].i |

  Scenario: g_V_valuesXnameX_order_fold_limitXlocal_2X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().fold().limit(Scope.local, 2)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | l[josh,lop] |

  Scenario: g_V_valuesXnameX_order_fold_rangeXlocal_1_3X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().fold().range(Scope.local, 1, 3)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | l[lop,marko] |

  Scenario: g_V_valuesXageX_order_fold_tailXlocal_2X
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').order().fold().tail(Scope.local, 2)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | l[d[32].i,d[35].i] |

  Scenario: g_V_valuesXnameX_order_fold_tailXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().fold().tail(Scope.local)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | vadas |

  Scenario: g_V_valuesXnameX_order_fold_skipXlocal_4X
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').order().fold().skip(Scope.local, 4)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | l[ripple,vadas] |

  Scenario: g_V_out_dedup
    Given the modern graph
    And the traversal of
      """
      g.V().out().dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_both_dedup_count
    Given the modern graph
    And the traversal of
      """
      g.V().both().dedup().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_valuesXlangX_dedup
    Given the modern graph
    And the traversal of
      """
      g.V().values('lang').dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | java |

  Scenario: g_V_dedup_byXlabelX_count
    Given the modern graph
    And the traversal of
      """
      g.V().dedup().by(T.label).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_out_in_dedup
    Given the modern graph
    And the traversal of
      """
      g.V().out().in().dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_injectX1_1_2_2_3X_dedup
    Given the modern graph
    And the traversal of
      """
      g.inject(1, 1, 2, 2, 3).dedup()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[1].i |
      | d[2].i |
      | d[3].i |

  Scenario: g_V_out_valuesXnameX_fold_dedupXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().out().values('name').fold().dedup(Scope.local)
      """
    When iterated next
    Then the result should be unordered
      | result |
      | vadas |
      | josh |
      | lop |
      | ripple |

  Scenario: g_V_asXaX_out_asXbX_dedupXa_bX_count
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out('created').as('b').in('created').dedup('a', 'b').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].l |

  Scenario: g_V_hasLabelXpersonX_dedup_byXvaluesXageX_isXgtX30XX_countX_count
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').dedup().by(__.values('age').is(P.gt(30)).count()).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |
