import{N as t,c as r}from"./chunk-AKTJ3TVC.js";await t();r();
