Feature: Step - count(), sum(), min(), max(), mean(), fold(), unfold()

  Scenario: g_V_count
    Given the modern graph
    And the traversal of
      """
      g.V().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_E_count
    Given the modern graph
    And the traversal of
      """
      g.E().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_hasLabelXpersonX_count
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].l |

  Scenario: g_E_hasLabelXknowsX_count
    Given the modern graph
    And the traversal of
      """
      g.E().hasLabel('knows').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_out_count
    Given the modern graph
    And the traversal of
      """
      g.V().out().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_VXv1X_out_count
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |

  Scenario: g_V_hasXlangX_count
    Given the modern graph
    And the traversal of
      """
      g.V().has('lang').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_hasXname_nobodyX_count
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0].l |

  Scenario: g_V_countXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[1].l |
      | d[1].l |
      | d[1].l |
      | d[1].l |
      | d[1].l |
      | d[1].l |

  Scenario: g_V_fold_countXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().fold().count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_valuesXageX_sum
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').sum()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[123].l |

  Scenario: g_E_valuesXweightX_sum
    Given the modern graph
    And the traversal of
      """
      g.E().values('weight').sum()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3.5].d |

  Scenario: g_injectX1_2_2_3X_sum
    Given the modern graph
    And the traversal of
      """
      g.inject(1, 2, 2, 3).sum()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[8].l |

  Scenario: g_V_valuesXageX_min
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').min()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[27].i |

  Scenario: g_V_valuesXageX_max
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').max()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[35].i |

  Scenario: g_V_valuesXageX_mean
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').mean()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[30.75].d |

  Scenario: g_injectX1_5d_2_5dX_mean
    Given the modern graph
    And the traversal of
      """
      g.inject(1.5d, 2.5d).mean()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2.0].d |

  Scenario: g_V_valuesXnameX_min
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').min()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | josh |

  Scenario: g_V_valuesXnameX_max
    Given the modern graph
    And the traversal of
      """
      g.V().values('name').max()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |

  Scenario: g_E_valuesXweightX_max
    Given the modern graph
    And the traversal of
      """
      g.E().values('weight').max()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[1.0].d |

  Scenario: g_E_valuesXweightX_min
    Given the modern graph
    And the traversal of
      """
      g.E().values('weight').min()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.2].d |

  Scenario: g_VXv1X_outE_valuesXweightX_mean
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().values('weight').mean()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.6333333333333333].d |

  @doubt
  Scenario: g_V_hasXname_nobodyX_valuesXageX_sum
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody').values('age').sum()
      """
    When iterated to list
    Then the result should be empty

  @doubt
  Scenario: g_V_hasXname_nobodyX_valuesXageX_max
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody').values('age').max()
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_V_valuesXageX_fold
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold()
      """
    When iterated next
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[27].i |
      | d[32].i |
      | d[35].i |

  Scenario: g_V_hasLabelXsoftwareX_valuesXnameX_fold_countXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').values('name').fold().count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_valuesXageX_fold_sumXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().sum(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[123].l |

  Scenario: g_V_valuesXageX_fold_maxXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().max(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[35].i |

  Scenario: g_V_valuesXageX_fold_minXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().min(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[27].i |

  Scenario: g_V_valuesXageX_fold_meanXlocalX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().mean(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[30.75].d |

  Scenario: g_V_valuesXageX_fold_unfold
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold().unfold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[27].i |
      | d[32].i |
      | d[35].i |

  Scenario: g_injectX1_2_3X_fold
    Given the modern graph
    And the traversal of
      """
      g.inject(1, 2, 3).fold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | l[d[1].i,d[2].i,d[3].i] |

  Scenario: g_V_hasXname_nobodyX_fold
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody').fold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | l[] |

  Scenario: g_V_valuesXageX_foldX0_sumX
    Given the modern graph
    And the traversal of
      """
      g.V().values('age').fold(0, Operator.sum)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[123].i |

  Scenario: g_injectXlist1_2_list3X_unfold
    Given the modern graph
    And the traversal of
      """
      g.inject([1, 2], [3]).unfold()
      """
    When iterated to list
    Then the result should be ordered
      | result |
      | d[1].i |
      | d[2].i |
      | d[3].i |

  Scenario: g_injectX1X_unfold
    Given the modern graph
    And the traversal of
      """
      g.inject(1).unfold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[1].i |

  Scenario: g_V_hasLabelXpersonX_fold_unfold_count
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').fold().unfold().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].l |

  Scenario: g_V_hasLabelXpersonX_localXout_countX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').local(__.out().count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |
      | d[0].l |
      | d[2].l |
      | d[1].l |

  Scenario: g_VXv1X_valueMap_unfold
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).valueMap().unfold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["marko"]}] |
      | m[{"age": ["d[29].i"]}] |

  Scenario: g_V_hasLabelXpersonX_valuesXageX_is_gtX28X_count
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').values('age').is(P.gt(28)).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |
