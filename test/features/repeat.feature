Feature: Step - repeat(), times(), emit(), until(), loops()

  Scenario: g_VXv1X_repeatXoutX_timesX2X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).times(2)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_repeatXoutX_timesX1X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).times(1)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |

  Scenario: g_V_repeatXoutX_timesX2X_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().repeat(__.out()).times(2).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | ripple |
      | lop |

  Scenario: g_V_repeatXoutX_timesX2X_count
    Given the modern graph
    And the traversal of
      """
      g.V().repeat(__.out()).times(2).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  Scenario: g_V_repeatXoutX_timesX3X
    Given the modern graph
    And the traversal of
      """
      g.V().repeat(__.out()).times(3)
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv1X_timesX2X_repeatXoutX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).times(2).repeat(__.out())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_repeatXoutX_timesX2X_path_byXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).times(2).path().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,josh,ripple] |
      | p[marko,josh,lop] |

  Scenario: g_VXv1X_repeatXoutE_inVX_timesX2X_path
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.outE().inV()).times(2).path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[marko],e[marko-knows->josh],v[josh],e[josh-created->ripple],v[ripple]] |
      | p[v[marko],e[marko-knows->josh],v[josh],e[josh-created->lop],v[lop]] |

  Scenario: g_VXv1X_repeatXoutX_timesX2X_emit
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).times(2).emit()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[lop] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_emit_repeatXoutX_timesX2X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).emit().repeat(__.out()).times(2)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[vadas] |
      | v[josh] |
      | v[lop] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_repeatXoutX_timesX2X_emitXhasLabelXpersonXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).times(2).emit(__.hasLabel('person'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_V_emit_repeatXoutX_timesX1X_count
    Given the modern graph
    And the traversal of
      """
      g.V().emit().repeat(__.out()).times(1).count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[12].l |

  Scenario: g_VXv1X_repeatXoutX_untilXhasLabelXsoftwareXX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).until(__.hasLabel('software'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[lop] |
      | v[ripple] |
      | v[lop] |

  Scenario: g_V_untilXhasLabelXsoftwareXX_repeatXoutX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().until(__.hasLabel('software')).repeat(__.out()).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | lop |
      | ripple |
      | lop |
      | lop |
      | ripple |
      | lop |
      | ripple |
      | lop |

  Scenario: g_VXv1X_repeatXoutX_untilXoutE_count_isX0XX_valuesXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).until(__.outE().count().is(0)).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |
      | ripple |
      | lop |
      | lop |

  Scenario: g_VXv1X_repeatXoutX_untilXloops_isX2XX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).until(__.loops().is(2))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_repeatXa_outX_untilXloopsXaX_isX2XX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat('a', __.out()).until(__.loops('a').is(2))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |
      | v[lop] |

  Scenario: g_VXv1X_repeatXboth_simplePathX_timesX2X_valuesXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.both().simplePath()).times(2).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | ripple |
      | lop |
      | josh |
      | peter |

  Scenario: g_VXv1X_repeatXbothX_timesX2X_dedup
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.both()).times(2).dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[ripple] |
      | v[lop] |
      | v[josh] |
      | v[peter] |

  Scenario: g_VXv6X_repeatXboth_simplePathX_untilXhasXname_rippleXX_path_byXnameX
    Given the modern graph
    And using the parameter vid6 defined as "v[peter].id"
    And the traversal of
      """
      g.V(vid6).repeat(__.both().simplePath()).until(__.has('name', 'ripple')).path().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[peter,lop,josh,ripple] |
      | p[peter,lop,marko,josh,ripple] |

  Scenario: g_VXv1X_repeatXout_simplePathX_untilXhasLabelXsoftwareXX_path_byXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out().simplePath()).until(__.hasLabel('software')).path().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,lop] |
      | p[marko,josh,ripple] |
      | p[marko,josh,lop] |

  @doubt
  Scenario: g_VXv1X_emitXloops_isX1XX_repeatXoutX_timesX2X_valuesXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).emit(__.loops().is(1)).times(2).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |
      | josh |
      | lop |
      | ripple |
      | lop |

  Scenario: g_injectX1X_repeatXmathX_mult_2XX_timesX3X
    Given the modern graph
    And the traversal of
      """
      g.inject(1).repeat(__.math('_ * 2')).times(3)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[8].d |

  Scenario: g_VXv1X_repeatXoutX_timesX2X_emit_path_count
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).repeat(__.out()).emit().path().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[5].l |

  Scenario: g_V_hasXname_markoX_repeatXoutX_emit_valuesXnameX_dedup
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'marko').repeat(__.out()).emit().values('name').dedup()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | vadas |
      | josh |
      | lop |
      | ripple |
