Feature: Step - aggregate(), store(), cap(), sideEffect(), inject(), tree(), sample(), coin()

  Scenario: g_V_hasLabelXpersonX_aggregateXxX_capXxX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').aggregate('x').cap('x')
      """
    When iterated next
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_outXknowsX_aggregateXxX_byXnameX_capXxX
    Given the modern graph
    And the traversal of
      """
      g.V().out('knows').aggregate('x').by('name').cap('x')
      """
    When iterated next
    Then the result should be unordered
      | result |
      | vadas |
      | josh |

  Scenario: g_VXv1X_out_aggregateXxX_out_whereXwithoutXxXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().aggregate('x').out().where(P.without('x'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |

  Scenario: g_V_hasLabelXpersonX_aggregateXpX_outXcreatedX_inXcreatedX_whereXwithinXpXX_dedup
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').aggregate('p').out('created').in('created').where(P.within('p')).dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[josh] |
      | v[peter] |

  Scenario: g_V_aggregateXxX_count
    Given the modern graph
    And the traversal of
      """
      g.V().aggregate('x').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_aggregateXxX_selectXxX_limitX1X_countXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().aggregate('x').select('x').limit(1).count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_aggregateXlocal_xX_byXnameX_capXxX
    Given the modern graph
    And the traversal of
      """
      g.V().aggregate(Scope.local, 'x').by('name').cap('x')
      """
    When iterated next
    Then the result should be unordered
      | result |
      | marko |
      | vadas |
      | lop |
      | josh |
      | ripple |
      | peter |

  Scenario: g_V_storeXxX_byXnameX_capXxX
    Given the modern graph
    And the traversal of
      """
      g.V().store('x').by('name').cap('x')
      """
    When iterated next
    Then the result should be unordered
      | result |
      | marko |
      | vadas |
      | lop |
      | josh |
      | ripple |
      | peter |

  Scenario: g_V_hasLabelXsoftwareX_sideEffectXvaluesXnameX_aggregateXnXX_capXnX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').sideEffect(__.values('name').aggregate('n')).cap('n')
      """
    When iterated next
    Then the result should be unordered
      | result |
      | lop |
      | ripple |

  Scenario: g_VXv1X_sideEffectXoutE_count_aggregateXcXX_capXcX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).sideEffect(__.outE().count().aggregate('c')).cap('c')
      """
    When iterated next
    Then the result should be unordered
      | result |
      | d[3].l |

  Scenario: g_V_sideEffectXoutX_count
    Given the modern graph
    And the traversal of
      """
      g.V().sideEffect(__.out()).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_VXv1X_sideEffectXoutX_valuesXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).sideEffect(__.out()).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |

  Scenario: g_V_groupCountXaX_byXlabelX_out_groupCountXbX_byXnameX_capXa_bX
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount('a').by(T.label).out().groupCount('b').by('name').cap('a', 'b')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": {"person": "d[4].l", "software": "d[2].l"}, "b": {"vadas": "d[1].l", "josh": "d[1].l", "lop": "d[3].l", "ripple": "d[1].l"}}] |

  Scenario: g_injectX1_2_3X
    Given the modern graph
    And the traversal of
      """
      g.inject(1, 2, 3)
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[1].i |
      | d[2].i |
      | d[3].i |

  Scenario: g_injectXaX_count
    Given the modern graph
    And the traversal of
      """
      g.inject('a').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[1].l |

  Scenario: g_VXv1X_valuesXnameX_injectXxX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).values('name').inject('x')
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | x |
      | marko |

  @doubt
  Scenario: g_injectX1_null_2X_count
    Given the modern graph
    And the traversal of
      """
      g.inject(1, null, 2).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |

  Scenario: g_injectXlistX
    Given the modern graph
    And the traversal of
      """
      g.inject([1, 2])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | l[d[1].i,d[2].i] |

  Scenario: g_injectXmapX
    Given the modern graph
    And the traversal of
      """
      g.inject([a: 1])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "d[1].i"}] |

  Scenario: g_VXv1X_out_tree_byXnameX_selectXmarkoX_selectXkeysX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().tree().by('name').select('marko').select(Column.keys)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | s[vadas,josh,lop] |

  Scenario: g_VXv1X_out_out_tree_byXnameX_selectXmarkoX_selectXjoshX_selectXkeysX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().out().tree().by('name').select('marko').select('josh').select(Column.keys)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | s[ripple,lop] |

  Scenario: g_V_out_out_tree_countXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().out().out().tree().count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[1].l |

  Scenario: g_V_sampleX2X
    Given the modern graph
    And the traversal of
      """
      g.V().sample(2)
      """
    When iterated to list
    Then the result should have a count of 2

  Scenario: g_V_sampleX10X
    Given the modern graph
    And the traversal of
      """
      g.V().sample(10)
      """
    When iterated to list
    Then the result should have a count of 6

  Scenario: g_V_hasLabelXsoftwareX_sampleX1X
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').sample(1)
      """
    When iterated to list
    Then the result should have a count of 1
    And the result should be of
      | result |
      | v[lop] |
      | v[ripple] |

  Scenario: g_V_valuesXageX_fold_sampleXlocal_2X_countXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().sample(Scope.local, 2).count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_coinX1X
    Given the modern graph
    And the traversal of
      """
      g.V().coin(1.0)
      """
    When iterated to list
    Then the result should have a count of 6

  Scenario: g_V_coinX0X
    Given the modern graph
    And the traversal of
      """
      g.V().coin(0.0)
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_coinX0_5X
    Given the modern graph
    And the traversal of
      """
      g.V().coin(0.5)
      """
    When iterated to list
    Then the result should be of
      | result |
      | v[marko] |
      | v[vadas] |
      | v[lop] |
      | v[josh] |
      | v[ripple] |
      | v[peter] |
